// @tus/server with its file store, for the ingest benchmark (benchmarks/bench_server.py).
//
// Usage: node tus_node_server.mjs <directory> <port (0: any)>
// Prints {"port": N} on stdout once listening.
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'tests', 'node', 'package.json'));
const { Server } = require('@tus/server');
const { FileStore } = require('@tus/file-store');

const [directory, port] = process.argv.slice(2);
const tus = new Server({ path: '/files', datastore: new FileStore({ directory }) });
const server = http.createServer((req, res) => tus.handle(req, res));
server.listen(Number(port), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
