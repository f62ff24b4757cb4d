// Start-up cost of the package for a service: the time a fresh Node process takes to import
// `pdm-twin/features` (the feature library alone) and `pdm-twin` (everything, learners and
// plots included), the median of 7 cold starts each, less an empty process's start.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { machineLine, median } from './machine.js';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Wall time of a fresh process that imports `spec` (nothing when null), in ms. */
function coldStart(spec) {
  const code = spec === null ? '' : `await import(${JSON.stringify(spec)});`;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root });
  if (r.status !== 0) throw new Error(`importing ${spec} failed: ${r.stderr}`);
  return performance.now() - t0;
}

console.log('== package import ==');
console.log(machineLine());
const runs = (spec) => median(Array.from({ length: 7 }, () => coldStart(spec)));
const empty = runs(null);
for (const spec of ['pdm-twin/features', 'pdm-twin']) {
  console.log(
    `import('${spec}'): ${((runs(spec) - empty) / 1000).toFixed(2)} s over an empty process's start`,
  );
}
