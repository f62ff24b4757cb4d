// The model workflow through the built binary, as the README gives it: generate, train (signed
// with a local key made on first use), verify, evaluate, export; and a tampered bundle refused.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataset } from '../src/data/dataset.js';
import { readParquetFile } from '../src/data/parquet.js';
import { getColumnData, rowCount } from '../src/data/table.js';
import { MULTI_REGIME_NAMES, multiRegimeFleet } from './support/multi-regime.js';
import { failureFlagTable } from './support/failure-flag-table.js';
import { Random } from '../src/core/random.js';

const BIN = new URL('../bin/pdm-twin.js', import.meta.url).pathname;
let dir: string;

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PDM_TWIN_HOME: join(dir, 'home') },
  });
}

/** A 2 s, 12 kHz recording at 1750 rpm by the twin's waveform command (severity 0.4). */
function rigRecording(fault: string, seed: number, file: string) {
  const w = run([
    'waveform',
    '--fault',
    fault,
    '--severity',
    '0.4',
    '--rpm',
    '1750',
    '--seconds',
    '2',
    '--seed',
    String(seed),
    '--out',
    file,
  ]);
  expect(w.status, w.stderr).toBe(0);
}

/** Trains fault and horizon models on the generated dataset into `model`. */
function trainTwinModel(model: string) {
  const t = run([
    'train',
    '--data',
    join(dir, 'data'),
    '--task',
    'fault,horizon',
    '--out',
    model,
    '--quiet',
  ]);
  expect(t.status, t.stderr).toBe(0);
  return t;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pdm-cli-models-'));
  writeFileSync(
    join(dir, 'scenario.yaml'),
    [
      'seed: 5',
      'durationH: 300',
      'capture: { periodH: 3, durationS: 0.5 }',
      'fleet: [{ count: 8 }]',
      'faults:',
      '  lifeScale: 0.02',
      '  inject:',
      '    - { machine: 0, mode: outer_race, atH: 20, growth: { timeToFailureH: 120 } }',
      '    - { machine: 1, mode: inner_race, atH: 30, growth: { timeToFailureH: 120 } }',
      '    - { machine: 2, mode: outer_race, atH: 40, growth: { timeToFailureH: 100 } }',
      '    - { machine: 3, mode: inner_race, atH: 50, growth: { timeToFailureH: 100 } }',
      '',
    ].join('\n'),
  );
  const g = run([
    'generate',
    '--scenario',
    join(dir, 'scenario.yaml'),
    '--out',
    join(dir, 'data'),
    '--workers',
    '2',
  ]);
  expect(g.status, g.stderr).toBe(0);
}, 180_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the model workflow on the command line', () => {
  it('trains a signed bundle, verifies, evaluates and exports it', async () => {
    const model = join(dir, 'model.json');
    const t = trainTwinModel(model);
    expect(t.stdout).toMatch(/signed with key [0-9a-f]{16}/);
    // validation metrics: counts as integers, rates with three decimals
    expect(t.stdout).toMatch(/fault \(gbdt, \d+ inputs\): validation accuracy \d\.\d{3}/);
    expect(t.stdout).toMatch(/rows \d+(,|\n|$)/);
    // it says how many rows it learnt from: those of the train split's machines
    const ds = await readDataset(join(dir, 'data'));
    const ids = getColumnData(ds.table, 'machine_id', 'string');
    const count = (s: 'train' | 'validation') =>
      ids.filter((id) => ds.manifest.splits[s].includes(id)).length;
    expect(t.stdout).toContain(
      `on the train split (${count('train')} of ${ids.length} rows; ${count('validation')} validation rows)`,
    );
    expect(run(['verify', '--model', model]).status).toBe(0);

    const e = run([
      'evaluate',
      '--model',
      model,
      '--data',
      join(dir, 'data'),
      '--split',
      'all',
      '--report',
      join(dir, 'report'),
      '--format',
      'csv',
    ]);
    expect(e.status, e.stderr).toBe(0);
    // scored on the machines it was trained and tuned on: said plainly
    expect(e.stderr).toMatch(/was trained on this dataset.*these metrics are optimistic/);
    const metrics = JSON.parse(readFileSync(join(dir, 'report', 'metrics.json'), 'utf8')) as {
      data: { rows: number };
      tasks: Record<string, Record<string, unknown>>;
    };
    // every row's predictions: the fault accuracy recounted from them is the reported one
    const pred = await readParquetFile(join(dir, 'report', 'predictions.parquet'));
    expect(rowCount(pred)).toBe(metrics.data.rows);
    expect(rowCount(pred)).toBe(ids.length);
    const truth = getColumnData(pred, 'fault_true', 'string');
    const named = getColumnData(pred, 'fault_pred', 'string');
    const right = truth.filter((c, i) => c === named[i]).length;
    expect(metrics.tasks.fault!.accuracy).toBeCloseTo(right / truth.length, 12);
    expect(getColumnData(pred, 'horizon_score', 'float64').every((p) => p >= 0 && p <= 1)).toBe(
      true,
    );
    const csv = readFileSync(join(dir, 'report', 'predictions.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    expect(csv.length).toBe(metrics.data.rows + 1);
    expect(csv[0]!.startsWith('machine_id,time,fault_true,fault_pred,fault_p_')).toBe(true);
    expect(metrics.tasks.fault!.macro_f1).toEqual(expect.any(Number));
    expect(metrics.tasks.horizon!.event_recall).toBeDefined();
    // a 95 % interval from resampling the machines: a pair, low end first, said on stdout too
    const ci = metrics.tasks.fault!.macro_f1_ci95 as [number, number];
    expect(ci).toHaveLength(2);
    expect(ci[0]).toBeLessThanOrEqual(ci[1]);
    expect(ci[0]).toBeGreaterThanOrEqual(0);
    expect(ci[1]).toBeLessThanOrEqual(1);
    expect(e.stdout).toMatch(/macro_f1 [\d.]+ \(95 % CI [\d.]+ to [\d.]+\)/);
    // every mode named present, scored against the rows' active modes
    const presence = metrics.tasks.fault!.presence as {
      micro_f1: number;
      rows: number;
      modes: string[];
    };
    expect(presence.rows).toBe(metrics.data.rows);
    expect(presence.micro_f1).toBeGreaterThan(0);
    // every mode the model diagnoses is scored; one without a threshold is never named
    const fault = metrics.tasks.fault!;
    const diagnosed = (fault.classes as string[]).filter((c) => c !== 'normal');
    const without = (presence as unknown as { modes_without_threshold: string[] })
      .modes_without_threshold;
    expect(presence.modes.filter((m) => diagnosed.includes(m))).toEqual(presence.modes);
    const namedPresent = getColumnData(pred, 'fault_present', 'string');
    const namedPresentHas = (m: string) => namedPresent.some((c) => c.split(',').includes(m));
    for (const m of without) expect(namedPresentHas(m)).toBe(false);
    const activeTrue = getColumnData(pred, 'fault_active_true', 'string');
    expect(namedPresent.length).toBe(truth.length);
    // the dominant mode is among the active ones (over the modes with a presence threshold)
    const inSet = truth.filter((c) => presence.modes.includes(c));
    expect(inSet.length).toBeGreaterThan(0);
    expect(
      truth.filter((c, i) => presence.modes.includes(c) && !activeTrue[i]!.split(',').includes(c)),
    ).toEqual([]);
    expect(activeTrue.filter((c, i) => c !== '' && truth[i] === 'normal')).toEqual([]);
    expect(readFileSync(join(dir, 'report', 'report.html'), 'utf8')).toContain('<svg');

    const x = run(['export', '--model', model, '--onnx', join(dir, 'model.onnx')]);
    expect(x.status, x.stderr).toBe(0);
    // an ONNX file is a protobuf ModelProto: field 1 (ir_version) first, a varint
    expect(readFileSync(join(dir, 'model.onnx'))[0]).toBe(0x08);
    // not over a dataset's own file
    const over = run(['export', '--model', model, '--onnx', join(dir, 'data', 'features.parquet')]);
    expect(over.status).toBe(2);
    expect(over.stderr).toMatch(
      /--onnx .*features\.parquet: is the features\.parquet of the dataset/,
    );
    // what goes to the edge must be what was signed: an unsigned copy is refused unless asked
    const unsigned = join(dir, 'unsigned.json');
    writeFileSync(
      unsigned,
      JSON.stringify({ ...(JSON.parse(readFileSync(model, 'utf8')) as object), signature: null }),
    );
    const refused = run(['export', '--model', unsigned, '--onnx', join(dir, 'u.onnx')]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/PDM_BUNDLE_SIGNATURE/);
    const allowed = run([
      'export',
      '--model',
      unsigned,
      '--onnx',
      join(dir, 'u.onnx'),
      '--allow-unsigned',
    ]);
    expect(allowed.status, allowed.stderr).toBe(0);
    // nor over another bundle (model.json meant model.onnx), which would be lost
    const clobber = run(['export', '--model', model, '--onnx', unsigned]);
    expect(clobber.status).toBe(2);
    expect(clobber.stderr).toMatch(/--onnx .*unsigned\.json: holds a JSON document/);
    expect(readFileSync(unsigned, 'utf8').startsWith('{')).toBe(true);
  }, 180_000);

  it('scores a twin model on labelled recordings: tasks without their labels skipped, classes restricted', async () => {
    const model = join(dir, 'model-rig.json');
    trainTwinModel(model);
    // Four recordings of a test rig (made by the twin's single-capture command), imported.
    const rig = join(dir, 'rig');
    const lines = ['file,label,fs,rpm,machine'];
    ['normal', 'normal', 'outer_race', 'outer_race'].forEach((fault, i) => {
      const file = join(dir, `rec${i}.csv`);
      rigRecording(fault, i + 1, file);
      lines.push(`rec${i}.csv,${fault},12000,1750,rig${i}`);
    });
    writeFileSync(join(dir, 'rig.csv'), `${lines.join('\n')}\n`);
    const imp = run([
      'import',
      'waveforms',
      '--manifest',
      join(dir, 'rig.csv'),
      '--out',
      rig,
      '--window',
      '0.5',
    ]);
    expect(imp.status, imp.stderr).toBe(0);

    const report = join(dir, 'rig-report');
    const evaluateOnRig = (bundle: string, ...more: string[]) =>
      run([
        'evaluate',
        '--model',
        bundle,
        '--data',
        rig,
        '--split',
        'all',
        '--report',
        report,
        ...more,
      ]);
    const onRig = (...more: string[]) => evaluateOnRig(model, ...more);
    const e = onRig();
    expect(e.status, e.stderr).toBe(0);
    // Recordings hold no remaining life: the horizon task is named as not scored, not an error.
    expect(e.stdout).toMatch(/horizon: not scored: the data has no remaining-life labels/);
    // the diagnosis's vibration-only odds are printed; the anomaly task's count of such rows
    // is said in its warning, not as odds it does not have
    expect(e.stdout).toMatch(
      /rows have no thermal, electrical or history input .*odds of normal x\d/,
    );
    expect(e.stdout).not.toContain('undefined');
    const anomalyModel = join(dir, 'model-rig-anomaly.json');
    const ta = run([
      'train',
      '--data',
      join(dir, 'data'),
      '--task',
      'anomaly',
      '--out',
      anomalyModel,
      '--quiet',
    ]);
    expect(ta.status, ta.stderr).toBe(0);
    const ea = run([
      'evaluate',
      '--model',
      anomalyModel,
      '--data',
      rig,
      '--split',
      'all',
      '--report',
      join(dir, 'rig-report-anomaly'),
    ]);
    expect(ea.status, ea.stderr).toBe(0);
    expect(ea.stdout).toMatch(/^anomaly: roc_auc/m);
    expect(ea.stdout).not.toContain('undefined');
    expect(ea.stderr).toMatch(
      /anomaly: \d+ of \d+ rows have none of its thermal, electrical or history inputs/,
    );
    // predict's anomaly alarms on the same rows carry the same caveat
    const pa = run([
      'predict',
      '--model',
      anomalyModel,
      '--data',
      rig,
      '--split',
      'all',
      '--out',
      join(dir, 'rig-anomaly.csv'),
    ]);
    expect(pa.status, pa.stderr).toBe(0);
    expect(pa.stderr).toMatch(
      /warning: anomaly: \d+ of \d+ rows have none of its thermal, electrical or history inputs .*say little/,
    );
    type FaultMetrics = {
      macro_f1: number;
      per_class: { label: string; f1: number; support: number }[];
    };
    const read = () =>
      JSON.parse(readFileSync(join(report, 'metrics.json'), 'utf8')) as {
        tasks: { fault: FaultMetrics; horizon?: unknown; anomaly?: Record<string, unknown> };
        skipped?: Record<string, string>;
      };
    const m = read();
    expect(m.tasks.horizon).toBeUndefined();
    expect(m.skipped?.horizon).toMatch(/maintenance_due/);
    expect(e.stdout).toMatch(/horizon: not scored: .*\(its outputs are in the predictions\)/);
    // The task not scored still gives its output for every row, without a truth column: its
    // score, and the decision at the bundle's own threshold.
    const all = await readParquetFile(join(report, 'predictions.parquet'));
    const hs = getColumnData(all, 'horizon_score', 'float64');
    const hp = getColumnData(all, 'horizon_positive', 'bool');
    expect(hs.length).toBe(rowCount(all));
    expect(all.columns.some((c) => c.name === 'horizon_true')).toBe(false);
    expect(Array.from(hs).every((v) => v >= 0 && v <= 1)).toBe(true);
    const bundle = JSON.parse(readFileSync(model, 'utf8')) as {
      tasks: { task: string; thresholds: { probability: number } }[];
    };
    const thr = bundle.tasks.find((t) => t.task === 'horizon')!.thresholds.probability;
    expect(Array.from(hp, Boolean)).toEqual(Array.from(hs, (v) => v >= thr));
    // Macro F1 over the classes in the truth or the predictions only, recounted here.
    const pred = await readParquetFile(join(report, 'predictions.parquet'));
    const named = getColumnData(pred, 'fault_pred', 'string');
    const truth = getColumnData(pred, 'fault_true', 'string');
    const present = [...new Set([...truth, ...named])].sort();
    expect(m.tasks.fault.per_class.map((c) => c.label)).toEqual(present);
    const f1 = present.map((c) => {
      const tp = truth.filter((x, i) => x === c && named[i] === c).length;
      const fp = named.filter((x, i) => x === c && truth[i] !== c).length;
      const fn = truth.filter((x, i) => x === c && named[i] !== c).length;
      return (2 * tp) / (2 * tp + fp + fn);
    });
    expect(m.tasks.fault.macro_f1).toBeCloseTo(f1.reduce((a, b) => a + b, 0) / f1.length, 12);

    // --classes: the diagnosis is the most probable of the classes the recordings can hold
    // (named as a manifest's labels are: in any case, hyphens for underscores).
    const r = onRig('--classes', 'Normal, outer-race,outer_race');
    expect(r.status, r.stderr).toBe(0);
    const rp = await readParquetFile(join(report, 'predictions.parquet'));
    const restricted = getColumnData(rp, 'fault_pred', 'string');
    expect(restricted.every((c) => c === 'normal' || c === 'outer_race')).toBe(true);
    expect(read().tasks.fault).toMatchObject({ among: ['normal', 'outer_race'] });
    // The probabilities are the model's given one of those classes: they sum to 1 over them,
    // the others are 0, and the class named is the most probable.
    const pn = getColumnData(rp, 'fault_p_normal', 'float64');
    const po = getColumnData(rp, 'fault_p_outer_race', 'float64');
    restricted.forEach((c, i) => {
      expect(pn[i]! + po[i]!).toBeCloseTo(1, 12);
      expect(c).toBe(po[i]! > pn[i]! ? 'outer_race' : 'normal');
    });
    const others = rp.columns.filter(
      (c) =>
        c.name.startsWith('fault_p_') && !['fault_p_normal', 'fault_p_outer_race'].includes(c.name),
    );
    for (const c of others)
      expect(Array.from(c.data as Float64Array).every((v) => v === 0)).toBe(true);
    // ROC-AUC ranks every row: for each class, its rows against all the others, those of
    // classes left out of --classes included (recounted here from the predictions).
    const classAuc = (label: string, p: Float64Array) => {
      const pos = p.filter((_, i) => truth[i] === label);
      const neg = p.filter((_, i) => truth[i] !== label);
      let wins = 0;
      for (const a of pos) for (const b of neg) wins += a > b ? 1 : a === b ? 0.5 : 0;
      return wins / (pos.length * neg.length);
    };
    const rocAuc = (read().tasks.fault as unknown as { roc_auc: number }).roc_auc;
    expect(rocAuc).toBeCloseTo((classAuc('normal', pn) + classAuc('outer_race', po)) / 2, 12);
    // Leaving out a class the recordings hold is allowed, with a warning: its rows are all
    // named wrong (here named normal or inner race, which no recording holds).
    const partial = onRig('--classes', 'normal,inner_race');
    expect(partial.status, partial.stderr).toBe(0);
    expect(partial.stderr).toMatch(/warning: --classes: the rows scored hold outer_race, left out/);
    const left = read().tasks.fault as unknown as {
      per_class: { label: string; recall: number; support: number }[];
    };
    const outer = left.per_class.find((c) => c.label === 'outer_race');
    expect(outer).toMatchObject({ recall: 0 });
    expect(outer!.support).toBeGreaterThan(0);
    // Trained on the recordings alone: `all` means the tasks they have labels for.
    const own = join(dir, 'model-own.json');
    const tr = run(['train', '--data', rig, '--out', own, '--quiet']);
    expect(tr.status, tr.stderr).toBe(0);
    expect(tr.stderr).toMatch(/not training horizon: .* no remaining-life labels/);
    expect(tr.stderr).toMatch(/not training rul: .* no remaining-life labels/);
    const tasks = (JSON.parse(readFileSync(own, 'utf8')) as { tasks: { task: string }[] }).tasks;
    expect(tasks.map((x) => x.task)).toEqual(['fault', 'anomaly']);
    const ownEval = evaluateOnRig(own);
    expect(ownEval.status, ownEval.stderr).toBe(0);
    // anomaly scored as a ranking, its alarm events named as not scored (no failure times)
    const anomaly = read().tasks.anomaly!;
    expect(anomaly.events).toMatch(/not scored: the data has no remaining life/);
    expect(anomaly).not.toHaveProperty('horizon');
    // --algo on the command line wins over a config file's algo, and says so
    const cfg = join(dir, 'algo.yaml');
    writeFileSync(cfg, 'fault: {algo: rf, gbdt: {rounds: 5}}\n');
    const over = run([
      'train',
      '--data',
      rig,
      '--task',
      'fault',
      '--algo',
      'tree',
      '--config',
      cfg,
      '--out',
      join(dir, 'model-tree.json'),
      '--quiet',
    ]);
    expect(over.status, over.stderr).toBe(0);
    expect(over.stderr).toMatch(/note: --algo tree replaces fault\.algo rf of .*algo\.yaml/);
    // a file that leaves the algo at its default has nothing replaced; a task --algo does not
    // apply to keeps its own, and is named
    writeFileSync(cfg, 'fault: {gbdt: {rounds: 5}}\n');
    const both = run([
      'train',
      '--data',
      rig,
      '--task',
      'fault,anomaly',
      '--algo',
      'tree',
      '--config',
      cfg,
      '--out',
      join(dir, 'model-tree.json'),
      '--quiet',
    ]);
    expect(both.status, both.stderr).toBe(0);
    expect(both.stderr).not.toMatch(/replaces/);
    expect(both.stderr).toMatch(/note: --algo tree applies to fault; anomaly trains mahalanobis/);
    // a label named as an input: refused, naming the file and the key
    writeFileSync(cfg, 'fault: {features: [acc_kurtosis, mode]}\n');
    const leak = run([
      'train',
      '--data',
      rig,
      '--task',
      'fault',
      '--config',
      cfg,
      '--out',
      join(dir, 'leak.json'),
    ]);
    expect(leak.status).toBe(2);
    expect(leak.stderr).toMatch(
      /error \[PDM_CONFIG_INVALID\]: training config .*algo\.yaml: fault\.features: mode is a label column/,
    );
    expect(existsSync(join(dir, 'leak.json'))).toBe(false);
    // Asked for by name, a task without its labels stops before anything is trained.
    const rul = run(['train', '--data', rig, '--task', 'fault,rul', '--out', own, '--quiet']);
    expect(rul.status).not.toBe(0);
    expect(rul.stderr).toMatch(
      /no remaining-life labels \(rul\), so an RUL model cannot be trained/,
    );
    const bad = onRig('--classes', 'normal,gearbox');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(
      /--classes: unknown class gearbox; the fault model of .* knows .*normal/,
    );
    // one class decides nothing: every row would be named it
    const one = onRig('--classes', 'outer_race');
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(
      /--classes: only outer_race is a class the fault model of .* knows, so every row would be named outer_race; name at least two/,
    );
  }, 180_000);

  it('predicts on recordings imported without labels, and on a split of the twin data, machine by machine', async () => {
    const model = join(dir, 'model-predict.json');
    trainTwinModel(model);
    // the rig's recordings (the test above), listed without a label column
    const lines = ['file,fs,rpm,machine'];
    for (let i = 0; i < 4; i++) {
      const file = join(dir, `urec${i}.csv`);
      rigRecording(i < 2 ? 'normal' : 'outer_race', i + 1, file);
      lines.push(`urec${i}.csv,12000,1750,u${i}`);
    }
    writeFileSync(join(dir, 'unlabelled.csv'), `${lines.join('\n')}\n`);
    const data = join(dir, 'unlabelled');
    const imp = run([
      'import',
      'waveforms',
      '--manifest',
      join(dir, 'unlabelled.csv'),
      '--out',
      data,
    ]);
    expect(imp.status, imp.stderr).toBe(0);
    expect(imp.stdout).toMatch(
      /no labels \(pdm-twin predict runs a model on them; train learns fault, horizon and rul from labelled data only, and anomaly from every row as if healthy\)/,
    );
    // nothing to score: evaluate says so and points at predict
    const e = run([
      'evaluate',
      '--model',
      model,
      '--data',
      data,
      '--split',
      'all',
      '--report',
      join(dir, 'u-report'),
    ]);
    expect(e.status).not.toBe(0);
    expect(e.stderr).toMatch(
      /none of the tasks .* can be scored .*; pdm-twin predict --model .* gives the model's outputs without scoring them/,
    );

    const out = join(dir, 'pred', 'u.csv');
    const status = join(dir, 'pred', 'u.json');
    const p = run(['predict', '--model', model, '--data', data, '--out', out, '--status', status]);
    expect(p.status, p.stderr).toBe(0);
    expect(p.stdout).toMatch(/^predicted fault, horizon for 8 rows of 4 machines\n/);
    // a twin model counts time in hours, recordings in seconds: said, and rul given in hours
    expect(p.stderr).toMatch(
      /warning: the horizon model of .* counts time in h, the unit of the data it learnt from, and .*unlabelled in s/,
    );
    const csv = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(csv).toHaveLength(9);
    const header = csv[0]!.split(',');
    expect(header.slice(0, 3)).toEqual(['machine_id', 'time', 'fault_pred']);
    expect(header).toEqual(
      expect.arrayContaining([
        'horizon_score',
        'horizon_positive',
        'horizon_alarm',
        'horizon_alarm_since',
      ]),
    );
    expect(header.filter((h) => h.endsWith('_true'))).toEqual([]);
    const st = JSON.parse(readFileSync(status, 'utf8')) as {
      data: { rows: number; timeUnit: string };
      machines: { machineId: string; time: number; rows: number; fault: { name: string } }[];
    };
    expect(st.data).toMatchObject({ rows: 8, timeUnit: 's' });
    expect((st as unknown as { modelTimeUnit: string }).modelTimeUnit).toBe('h');
    expect(st.machines.map((m) => m.machineId).sort()).toEqual(['u0', 'u1', 'u2', 'u3']);
    // the latest of each recording's two 1 s windows
    for (const m of st.machines) expect([m.time, m.rows]).toEqual([1, 2]);
    const named = new Map(st.machines.map((m) => [m.machineId, m.fault.name]));
    expect([named.get('u2'), named.get('u3')]).toEqual(['outer_race', 'outer_race']);

    // the twin data's test split: rows and machines as the dataset holds them
    const ds = await readDataset(join(dir, 'data'));
    const testIds = new Set(ds.manifest.splits.test);
    const ids = getColumnData(ds.table, 'machine_id', 'string');
    const tp = run([
      'predict',
      '--model',
      model,
      '--data',
      join(dir, 'data'),
      '--split',
      'test',
      '--out',
      join(dir, 'pred', 't.parquet'),
    ]);
    expect(tp.status, tp.stderr).toBe(0);
    const table = await readParquetFile(join(dir, 'pred', 't.parquet'));
    expect(rowCount(table)).toBe(ids.filter((id) => testIds.has(id)).length);
    expect(tp.stdout).toMatch(
      new RegExp(`for \\d+ rows of ${testIds.size} machine${testIds.size === 1 ? '' : 's'}\\n`),
    );

    // outputs that would replace an input, or of an unknown kind, are refused before any work
    const bad = run([
      'predict',
      '--model',
      model,
      '--data',
      data,
      '--out',
      join(data, 'features.parquet'),
    ]);
    expect(bad.stderr).toMatch(
      /--out .*features\.parquet: is the features\.parquet of the dataset in --data/,
    );
    const kind = run([
      'predict',
      '--model',
      model,
      '--data',
      data,
      '--out',
      join(dir, 'pred', 'u.txt'),
    ]);
    expect(kind.stderr).toMatch(
      /--out .*u\.txt: expected a file name ending in \.parquet or \.csv/,
    );
    expect([bad.status, kind.status]).toEqual([2, 2]);
  });

  it('refuses a bundle altered after signing, naming the file', () => {
    const model = join(dir, 'model.json');
    const bad = join(dir, 'tampered.json');
    writeFileSync(bad, readFileSync(model, 'utf8').replace('"fault"', '"faulty"'));
    const v = run(['verify', '--model', bad]);
    expect(v.status).not.toBe(0);
    expect(v.stderr).toContain('tampered.json');
  });

  it('names the option whose path is a file where a folder is expected', () => {
    const model = join(dir, 'model.json');
    const e = run(['evaluate', '--model', model, '--data', join(dir, 'data'), '--report', model]);
    expect(e.status).not.toBe(0);
    expect(e.stderr).toMatch(/PDM_USAGE.*--report .*model\.json: is a file; expected a folder/);
    const t = run(['train', '--data', join(dir, 'data', 'manifest.json'), '--out', model]);
    expect(t.status).not.toBe(0);
    expect(t.stderr).toMatch(/PDM_USAGE.*manifest\.json is a file; expected a dataset folder/);
  });

  it('imports a multi-condition fleet with --regimes, and its test table only with --regimes-from', () => {
    writeFileSync(join(dir, 'mr-train.txt'), multiRegimeFleet(12, 31).text);
    writeFileSync(join(dir, 'mr-test.txt'), multiRegimeFleet(3, 32, true).text);
    writeFileSync(join(dir, 'mr-rul.txt'), '5\n6\n7\n');
    const table = (file: string, out: string, ...more: string[]) =>
      run([
        'import',
        'table',
        '--file',
        join(dir, file),
        '--sep',
        'whitespace',
        '--header',
        'none',
        '--names',
        // the training table's names as a range (op1..op3,s1..sN), the test table's one by
        // one: --regimes-from finds the same columns in both
        file === 'mr-train.txt'
          ? `unit,cycle,op1..op3,s1..s${MULTI_REGIME_NAMES.length - 5}`
          : MULTI_REGIME_NAMES.join(','),
        '--unit',
        'unit',
        '--time',
        'cycle',
        '--out',
        join(dir, out),
        ...more,
      ]);
    const tr = table('mr-train.txt', 'mr-train', '--run-to-failure', '--regimes', 'op1,op2,op3');
    expect(tr.status, tr.stderr).toBe(0);
    expect(tr.stdout).toMatch(
      /operating regimes: 6 \(op1, op2, op3 at 0 0 100 \| 10 0\.25 100 \| .* \| 42 0\.84 100\); sensors standardised within each/,
    );
    const cut = ['--final-rul', join(dir, 'mr-rul.txt')];
    const refused = table('mr-test.txt', 'mr-test', ...cut, '--regimes', 'op1,op2,op3');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('--regimes-from TRAIN_DIR');
    const te = table('mr-test.txt', 'mr-test', ...cut, '--regimes-from', join(dir, 'mr-train'));
    expect(te.status, te.stderr).toBe(0);
    expect(te.stdout).toContain('3 units');
  });

  it('says which healthy rows the anomaly fit left out, and from which machines', async () => {
    // healthy rows of units u0-u9, with a sensor fault on u3: every tenth of its rows reads a
    // thousand times its spread on column a (a spike), and failure rows of units f0-f4
    const rng = new Random(12, 'outliers');
    const lines = ['unit,a,b,c,label'];
    for (let i = 0; i < 400; i++) {
      const unit = `u${i % 10}`;
      const spike = unit === 'u3' && i % 100 === 3;
      const a = spike ? 1000 : rng.normal();
      lines.push(
        `${unit},${a.toFixed(4)},${rng.normal().toFixed(4)},${rng.normal().toFixed(4)},normal`,
      );
    }
    for (let i = 0; i < 40; i++)
      lines.push(`f${i % 5},${(rng.normal() + 6).toFixed(4)},${rng.normal().toFixed(4)},0,failure`);
    writeFileSync(join(dir, 'spiky.csv'), `${lines.join('\n')}\n`);
    const out = join(dir, 'spiky');
    const imported = run([
      'import',
      'table',
      '--file',
      join(dir, 'spiky.csv'),
      '--label',
      'label',
      '--unit',
      'unit',
      '--out',
      out,
    ]);
    expect(imported.status, imported.stderr).toBe(0);
    const tr = run([
      'train',
      '--data',
      out,
      '--task',
      'anomaly',
      '--out',
      join(dir, 'spiky.json'),
      '--quiet',
    ]);
    expect(tr.status, tr.stderr).toBe(0);
    // the split's seed puts u3 among the training units, where its spikes meet the fit
    expect((await readDataset(out)).manifest.splits.train).toContain('u3');
    expect(tr.stderr).toMatch(
      /note: anomaly: left 4 of \d+ healthy training rows out of the fit, scoring over 10 times the median .*; most from u3 \(4\)\n/,
    );
  });

  it('learns a small labelled set whose classes have a few rows each', () => {
    // 3 classes x 15 rows, each class apart on its own column: about 9 training rows a class,
    // fewer than gbdt's default leaf of 20, which would leave every row one class
    const rng = new Random(11, 'small-set');
    const lines = ['id,a,b,c,label'];
    const classes = ['normal', 'outer_race', 'inner_race'];
    for (let i = 0; i < 45; i++) {
      const k = i % 3;
      const col = (j: number) => (rng.normal() + (j === k ? 4 : 0)).toFixed(4);
      lines.push(`${i},${col(0)},${col(1)},${col(2)},${classes[k]}`);
    }
    writeFileSync(join(dir, 'small.csv'), `${lines.join('\n')}\n`);
    const out = join(dir, 'small');
    const imp = run(['import', 'table', '--file', join(dir, 'small.csv'), '--label', 'label']);
    expect(imp.status).not.toBe(0); // --out is required
    const imported = run([
      'import',
      'table',
      '--file',
      join(dir, 'small.csv'),
      '--label',
      'label',
      '--exclude',
      'id',
      '--out',
      out,
    ]);
    expect(imported.status, imported.stderr).toBe(0);
    const model = join(dir, 'small.json');
    const tr = run(['train', '--data', out, '--task', 'fault', '--out', model, '--quiet']);
    expect(tr.status, tr.stderr).toBe(0);
    expect(tr.stderr).toMatch(
      /note: fault: the rarest class has \d+ training rows: gbdt leaves of at least \d+ rows instead of 20/,
    );
    const report = join(dir, 'small-report');
    const e = run([
      'evaluate',
      '--model',
      model,
      '--data',
      out,
      '--split',
      'all',
      '--report',
      report,
    ]);
    expect(e.status, e.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(report, 'metrics.json'), 'utf8')) as {
      tasks: { fault: { accuracy: number; macro_f1: number } };
    };
    // one class for every row would score 1/3
    expect(m.tasks.fault.accuracy).toBeGreaterThan(0.9);
  });

  it('trains on several datasets together (--data a,b)', () => {
    for (const [k, seed] of [
      [1, 5],
      [2, 6],
    ] as const) {
      writeFileSync(join(dir, `flags${k}.csv`), failureFlagTable(1500, seed));
      const imp = run([
        'import',
        'table',
        '--file',
        join(dir, `flags${k}.csv`),
        '--label',
        'Machine failure',
        '--exclude',
        'UDI,Product ID',
        '--out',
        join(dir, `flags${k}`),
      ]);
      expect(imp.status, imp.stderr).toBe(0);
    }
    const both = join(dir, 'flags-both.json');
    const tr = run([
      'train',
      '--data',
      `${join(dir, 'flags1')},${join(dir, 'flags2')}`,
      '--task',
      'fault',
      '--out',
      both,
      '--quiet',
    ]);
    expect(tr.status, tr.stderr).toBe(0);
    // 60 % of each table's 1,500 rows train
    expect(tr.stdout).toContain('on the train split (1800 of 3000 rows');
    const bundle = JSON.parse(readFileSync(both, 'utf8')) as {
      data: { fingerprint: string; rows: number; machines: number };
    };
    // one fingerprint over both datasets' own, and their rows and machines together
    expect(bundle.data.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect([bundle.data.rows, bundle.data.machines]).toEqual([3000, 3000]);
  });
});

describe('train interrupted', () => {
  // Training that would run for minutes (boosting without early stopping, a forest of 100,000
  // trees on the calling thread): a signal stops it between rounds or trees, says so, and
  // leaves no bundle, where before it killed the process without a word.
  it.each([
    ['SIGINT', 130, 'fault: { gbdt: { rounds: 100000, earlyStopping: 0 } }', [], /fault: boosting/],
    [
      'SIGTERM',
      143,
      'fault: { gbdt: { rounds: 100000, earlyStopping: 0 } }',
      [],
      /fault: boosting/,
    ],
    [
      'SIGINT',
      130,
      'fault: { algo: rf, rf: { trees: 100000 } }',
      ['--threads', '1'],
      /fault: growing trees/,
    ],
  ] as const)(
    'stops on %s (exit %s) with %s %o and writes no bundle',
    async (sig, status, settings, extra, running) => {
      const config = join(dir, `long-${sig}-${extra.length}.yaml`);
      writeFileSync(config, `${settings}\n`);
      const out = join(dir, `interrupted-${sig}-${extra.length}.json`);
      const child = spawn(
        process.execPath,
        [
          BIN,
          'train',
          '--data',
          join(dir, 'data'),
          '--task',
          'fault',
          '--config',
          config,
          '--out',
          out,
          ...extra,
        ],
        { env: { ...process.env, PDM_TWIN_HOME: join(dir, 'home') } },
      );
      child.stdin.end();
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const done = new Promise<number | null>((resolve) => child.on('exit', resolve));
      while (!running.test(stderr) && child.exitCode === null)
        await new Promise((r) => setTimeout(r, 100));
      child.kill(sig);
      expect(await done, stderr).toBe(status);
      expect(stderr).toMatch(/interrupting.*: stopping training; .* will not be written/);
      expect(stderr).toMatch(/error \[PDM_INTERRUPTED\]: training interrupted/);
      expect(existsSync(out)).toBe(false);
    },
    120_000,
  );
});
