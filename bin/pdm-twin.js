#!/usr/bin/env node
// Entry point of the `pdm-twin` binary: runs the compiled CLI (built by `npm install` via `prepare`).
import { main } from '../dist/cli/main.js';

// A reader that stops early (`pdm-twin ... | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

process.exitCode = await main(process.argv.slice(2));
