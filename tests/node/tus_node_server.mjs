// A stock tus 1.0 server: @tus/server with its file store. The one copy, beside the npm
// packages it loads, used by the interop tests (tests/helpers/tusnode.py) and the ingest
// benchmark (benchmarks/bench_server.py).
//
// Usage: node tus_node_server.mjs <directory> <port (0: any)> [log file]
// Prints {"port": N} on stdout once listening. With a log file, appends one JSON line per
// POST and PATCH ({"method", "upload": id, "offset": Upload-Offset, "authorization"}) so tests
// can see where each request began, independently of the client under test. The benchmark
// passes none, so it measures the server without the log's synchronous appends.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, 'package.json'));
const { Server } = require('@tus/server');
const { FileStore } = require('@tus/file-store');

const [directory, port, logFile] = process.argv.slice(2);
const tus = new Server({ path: '/files', datastore: new FileStore({ directory }) });

const server = http.createServer((req, res) => {
  if (logFile && (req.method === 'PATCH' || req.method === 'POST')) {
    const entry = {
      method: req.method,
      upload: req.url.split('/').pop(),
      offset: Number(req.headers['upload-offset'] ?? 0),
      authorization: req.headers['authorization'] ?? null,
    };
    fs.appendFileSync(logFile, JSON.stringify(entry) + '\n');
  }
  tus.handle(req, res);
});
server.listen(Number(port), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
