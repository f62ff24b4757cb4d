// Tree-learner benchmark: gradient boosting on 200 000 x 60 synthetic rows (binary, then 10
// classes), 200 rounds of depth-6 trees; training time, test accuracy and single-row latency,
// for this project and, when /usr/bin/python3 has scikit-learn, HistGradientBoostingClassifier
// on the same rows (written to a temporary file). Run after a build: `node bench/trees.js`.
// Environment: TREES_ROWS (training rows, default 200000), TREES_ROUNDS (default 200),
// TREES_CLASSES (comma-separated class counts, default 2,10), TREES_PYTHON (the Python with
// scikit-learn, default /usr/bin/python3).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainGbdt } from '../dist/models/trees/gbdt.js';
import { syntheticTable } from '../dist/models/trees/synthetic.js';
import { machineLine, median } from './machine.js';

console.log('== trees ==');
console.log(machineLine());
// Other processes on the machine slow both learners; the load average puts numbers in context.
const load = () => `load average ${loadavg()[0].toFixed(2)}`;

const train = Number(process.env.TREES_ROWS ?? 200_000);
const rounds = Number(process.env.TREES_ROUNDS ?? 200);
const classCounts = (process.env.TREES_CLASSES ?? '2,10').split(',').map(Number);
const test = 50_000;
const cols = 60;
const threads = availableParallelism();
const latencyRows = 2000;
const python = process.env.TREES_PYTHON ?? '/usr/bin/python3';
const dir = mkdtempSync(join(tmpdir(), 'pdm-trees-'));

function sklearnAvailable() {
  try {
    execFileSync(python, ['-c', 'import sklearn'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const haveSklearn = sklearnAvailable();

function accuracy(pred, y) {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) ok++;
  return ok / y.length;
}

function latencyUs(model, x) {
  const scratch = new Float64Array(model.treesPerRound);
  const times = [];
  for (let i = 0; i < latencyRows; i++) {
    const row = x.data.subarray(i * cols, (i + 1) * cols);
    const t = performance.now();
    model.predictRow(row, scratch);
    times.push((performance.now() - t) * 1000);
  }
  return median(times);
}

try {
  for (const classes of classCounts) {
    const rows = train + test;
    const table = syntheticTable({ rows, features: cols, classes, informative: 10, seed: 2024 });
    const X = table.X.data;
    const xTrain = { data: X.subarray(0, train * cols), rows: train, cols };
    const xTest = { data: X.subarray(train * cols), rows: test, cols };
    const yTrain = table.y.subarray(0, train);
    const yTest = table.y.subarray(train);
    const config = {
      loss: classes === 2 ? 'binary' : 'multiclass',
      rounds,
      maxDepth: 6,
      learningRate: 0.1,
      earlyStopping: 0,
    };
    const label = `${classes === 2 ? 'binary' : `${classes} classes`}, ${train} x ${cols}, ${rounds} rounds, depth 6`;

    // Warm-up on a slice so that the timed run measures compiled code.
    await trainGbdt(
      { data: X.subarray(0, 5000 * cols), rows: 5000, cols },
      table.y.subarray(0, 5000),
      { ...config, rounds: 5 },
      { threads },
    );
    const t0 = performance.now();
    const model = await trainGbdt(xTrain, yTrain, config, { threads, nClasses: classes });
    const ours = (performance.now() - t0) / 1000;
    const acc = accuracy(model.predict(xTest), yTest);
    const lat = latencyUs(model, xTest);
    console.log(
      `gbdt ${label}: pdm-twin ${ours.toFixed(2)} s (${threads} threads), test accuracy ${acc.toFixed(4)}, ` +
        `single-row predict ${lat.toFixed(1)} us (median); ${load()}`,
    );

    if (haveSklearn) {
      const prefix = join(dir, `data-${classes}`);
      writeFileSync(`${prefix}.x.f32`, X);
      writeFileSync(`${prefix}.y.f64`, table.y);
      writeFileSync(
        `${prefix}.json`,
        JSON.stringify({ rows, cols, train, rounds, maxDepth: 6, learningRate: 0.1, latencyRows }),
      );
      const script = new URL('./trees_sklearn.py', import.meta.url).pathname;
      const out = execFileSync(python, [script, prefix], { encoding: 'utf8' });
      const r = JSON.parse(out.trim().split('\n').pop());
      console.log(
        `gbdt ${label}: scikit-learn ${r.trainS.toFixed(2)} s (${r.threads} threads), test accuracy ${r.accuracy.toFixed(4)}, ` +
          `single-row predict ${r.latencyUs.toFixed(1)} us (median); ${load()}; pdm-twin / scikit-learn time ${(ours / r.trainS).toFixed(2)}`,
      );
    } else {
      console.log(
        `scikit-learn: not found for ${python} (apt-get install python3-sklearn), skipped`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
