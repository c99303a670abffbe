// The peer of bench_upload: tus-js-client (npm) sending files in plaintext, one after another.
//
// Usage: node tus_js_send.mjs <endpoint> <file>...
// Exits 0 when every file is uploaded, 1 on the first error.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'tests', 'node', 'package.json'));
const tus = require('tus-js-client');

const [endpoint, ...files] = process.argv.slice(2);

function send(file) {
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(fs.createReadStream(file), {
      endpoint,
      uploadSize: fs.statSync(file).size,
      metadata: { filename: path.basename(file) },
      retryDelays: null,
      onError: reject,
      onSuccess: resolve,
    });
    upload.start();
  });
}

for (const file of files) {
  try {
    await send(file);
  } catch (error) {
    process.stderr.write(`tus-js-client: ${error}\n`);
    process.exit(1);
  }
}
