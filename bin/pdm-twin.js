#!/usr/bin/env node
// Entry point of the `pdm-twin` binary: runs the compiled CLI (built by `npm install` via `prepare`).
import { main } from '../dist/cli/main.js';

// A reader that stops early (`pdm-twin ... | head`) is not an error, and does not stop the job:
// what would have gone to it is dropped, and a training or a simulation still writes its files.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
    stream.write = () => true;
  });
}

process.exitCode = await main(process.argv.slice(2));
