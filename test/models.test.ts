// Training, evaluation and ONNX export on a small generated dataset: every export must give
// the project's own inference outputs in ONNX Runtime, on real feature rows.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../src/data/dataset.js';
import { readDataset } from '../src/data/dataset.js';
import { generateDataset } from '../src/data/generate.js';
import { getColumnData } from '../src/data/table.js';
import type { Bundle } from '../src/models/bundle.js';
import { checkFeatures } from '../src/models/bundle.js';
import { evaluateBundle } from '../src/models/evaluate.js';
import { predictBundle } from '../src/models/predict.js';
import { rowCount, tableFromColumns } from '../src/data/table.js';
import { rankingMetrics } from '../src/models/metrics/index.js';
import {
  exportBundleToOnnx,
  ONNX_HISTORY_INPUT,
  ONNX_HISTORY_MASK,
  ONNX_METADATA_KEY,
} from '../src/models/onnx/export.js';
import onnxProto from 'onnx-proto';
import type { ModelJson } from '../src/models/scorer.js';
import { NORMAL_ODDS_GRID } from '../src/models/fault-decision.js';
import { GbdtModel, matrix } from '../src/models/trees/index.js';
import { isVibrationOnly, scorerForTask } from '../src/models/scorer.js';
import { isolationScore } from '../src/models/anomaly/isolation-forest.js';
import type { TrainConfigInput } from '../src/models/train-config.js';
import { taskRows } from '../src/models/training-data.js';
import { pickRows } from '../src/models/train-rows.js';
import { trainTestBundle } from './support/train.js';
import type { Task } from '../src/models/bundle.js';
import { scenarioFrom } from '../src/twin/scenario.js';

let dir: string;
let ds: Dataset;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdm-models-'));
  const scenario = scenarioFrom({
    seed: 21,
    durationH: 400,
    capture: { periodH: 3, durationS: 0.5 },
    fleet: [{ count: 10, profile: { type: 'random_walk', mean: 0.75 } }],
    faults: {
      lifeScale: 0.02,
      inject: [
        { machine: 0, mode: 'outer_race', atH: 20, growth: { timeToFailureH: 120 } },
        { machine: 1, mode: 'inner_race', atH: 40, growth: { timeToFailureH: 120 } },
        { machine: 2, mode: 'outer_race', atH: 60, growth: { timeToFailureH: 120 } },
        { machine: 3, mode: 'inner_race', atH: 30, growth: { timeToFailureH: 150 } },
        { machine: 4, mode: 'outer_race', atH: 50, growth: { timeToFailureH: 100 } },
        { machine: 5, mode: 'inner_race', atH: 70, growth: { timeToFailureH: 100 } },
      ],
    },
    maintenance: { correctiveDowntimeH: 24 },
  });
  await generateDataset({
    scenario,
    scenarioFile: null,
    outDir: dir,
    workers: 2,
    splits: { train: 0.6, validation: 0.2, test: 0.2 },
  });
  ds = await readDataset(dir);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The dataset with the named columns empty (NaN), as recordings without that context are. */
function withEmptyColumns(d: Dataset, names: readonly string[]): Dataset {
  return {
    ...d,
    table: tableFromColumns(
      d.table.columns.map((c) =>
        names.includes(c.name)
          ? {
              name: c.name,
              type: 'float64' as const,
              data: new Float64Array(rowCount(d.table)).fill(Number.NaN),
            }
          : c,
      ),
    ),
  };
}

function train(tasks: Task[], config: TrainConfigInput): Promise<Bundle> {
  return trainTestBundle(ds, tasks, config);
}

/** The thresholds an ONNX model's metadata puts beside its fault_severity output. */
function severityThresholds(info: {
  outputs: { name: string; thresholds: Record<string, number> }[];
}): Record<string, number> {
  return info.outputs.find((o) => o.name === 'fault_severity')?.thresholds ?? {};
}

/**
 * Checks the bundle's ONNX export against its own inference on the first 300 rows; `hide`
 * names features set missing in every other row (a recording that lacks them).
 */
async function onnxMatches(b: Bundle, hide: readonly string[] = []): Promise<void> {
  const e = exportBundleToOnnx(b);
  const session = await ort.InferenceSession.create(e.bytes);
  const rows = taskRows(ds, 'all', b.features.names);
  const n = Math.min(300, rows.n);
  const hidden = (names: readonly string[], x: Float64Array, d: number) => {
    const cols = names.flatMap((f, j) => (hide.includes(f) ? [j] : []));
    for (let i = 0; i < n; i += 2) for (const j of cols) x[i * d + j] = Number.NaN;
    return x;
  };
  // float32 inputs on both sides: that is what the edge feeds the model
  const x32 = Float32Array.from(hidden(b.features.names, rows.x.slice(0, n * rows.d), rows.d));
  const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {
    features: new ort.Tensor('float32', x32, [n, rows.d]),
  };
  if (session.inputNames.includes(ONNX_HISTORY_INPUT)) {
    // each row's machine's last `steps` rows up to and including it, oldest first, left-padded
    const seq = b.tasks.find((t) => (t.model as { kind: string }).kind === 'lstm')!;
    const steps = (seq.model as { model: { steps: number } }).model.steps;
    const d = rows.d;
    const hist = new Float32Array(n * steps * d);
    const mask = new Float32Array(n * steps);
    for (let i = 0; i < n; i++) {
      for (let s = 0, r = i; s < steps && r >= 0; s++, r--) {
        if (rows.machineIds[r] !== rows.machineIds[i]) break;
        const slot = i * steps + steps - 1 - s;
        mask[slot] = 1;
        hist.set(x32.subarray(r * d, (r + 1) * d), slot * d);
      }
    }
    feeds[ONNX_HISTORY_INPUT] = new ort.Tensor('float32', hist, [n, steps, d]);
    feeds[ONNX_HISTORY_MASK] = new ort.Tensor('float32', mask, [n, steps]);
  }
  const res = await session.run(feeds);
  for (const out of e.outputs) {
    const t = b.tasks.find((x) => x.task === out.task)!;
    const sub = taskRows(ds, 'all', t.inputs);
    const input = {
      ...sub,
      n,
      x: Float64Array.from(Float32Array.from(hidden(t.inputs, sub.x.slice(0, n * sub.d), sub.d))),
      machineIds: sub.machineIds.slice(0, n),
      time: sub.time.slice(0, n),
    };
    const scorer = scorerForTask(t);
    // the severity output: each mode's estimate, in the order `columns` names
    const sev = out.name === 'fault_severity' ? scorer.severities!(input) : null;
    const own =
      sev === null
        ? scorer.score(input)
        : Float64Array.from({ length: n * out.width }, (_, k) => {
            const mode = out.columns![k % out.width]!;
            return sev.get(mode)![Math.floor(k / out.width)]!;
          });
    const got = res[out.name]!.data as Float32Array;
    const w = own.length / n;
    // float32 inference against float64 to 1e-5 relative. A regression of RUL works on the
    // scale of hours: a network on the standardised target, trees summing leaves of up to
    // hundreds of hours (float32 leaf values and sums hold about 7 digits of them), so a row
    // whose quantile comes out near 0 h carries the rounding of those hundreds; its error is
    // relative to the target's scale (the network's, or the largest output of the rows).
    const m = t.model as { kind: string; model?: { output?: { scale?: number } } };
    const unit =
      t.task !== 'rul'
        ? 1
        : m.kind === 'mlp' || m.kind === 'lstm'
          ? (m.model?.output?.scale ?? 1)
          : own.reduce((a, v) => Math.max(a, Math.abs(v)), 1);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < out.width; j++) {
        const mine = own[i * w + (w === out.width ? j : w - 1)]!;
        expect(
          Math.abs(got[i * out.width + j]! - mine),
          `${out.task}[${i},${j}]: ONNX ${got[i * out.width + j]} against ${mine}`,
        ).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(mine), unit));
      }
    }
  }
}

describe('models', () => {
  it('trains every task with gradient-boosted trees, evaluates them, and exports them to ONNX', async () => {
    const b = await train(['fault', 'horizon', 'rul', 'anomaly'], {
      fault: { gbdt: { rounds: 30 } },
      horizon: { gbdt: { rounds: 30 } },
      rul: { gbdt: { rounds: 30 } },
    });
    expect(b.tasks.map((t) => t.task)).toEqual(['fault', 'horizon', 'rul', 'anomaly']);
    expect(b.tasks[0]!.classes).toContain('outer_race');
    const ev = evaluateBundle(b, ds, 'all', 'test-bundle');
    const fault = ev.tasks.find((t) => t.task === 'fault')!.metrics;
    expect(fault.accuracy as number).toBeGreaterThan(0.6);
    // one-vs-rest curves per class for the report, each running from (0, 0) to (1, 1)
    const perClass = ev.tasks.find((t) => t.task === 'fault')!.curves.perClass!;
    expect(perClass.map((c) => c.label)).toEqual(
      expect.arrayContaining(['inner_race', 'normal', 'outer_race']),
    );
    for (const c of perClass) expect(b.tasks[0]!.classes).toContain(c.label);
    for (const c of perClass) {
      expect([c.roc.fpr.at(-1), c.roc.tpr.at(-1)]).toEqual([1, 1]);
      expect(c.pr.recall.every((r) => r >= 0 && r <= 1)).toBe(true);
    }
    // The validation metrics the bundle carries are what evaluate says of the validation split.
    const onValid = evaluateBundle(b, ds, 'validation', 'test-bundle').tasks[0]!.metrics;
    const carried = b.tasks[0]!.validationMetrics;
    expect(carried.rows).toBe(taskRows(ds, ['validation'], b.tasks[0]!.inputs).n);
    for (const key of ['accuracy', 'balanced_accuracy', 'macro_f1'] as const) {
      expect(carried[key], key).toBeCloseTo(onValid[key] as number, 12);
    }
    // RUL interval coverage means the same (per machine) in the bundle as in metrics.json
    const rulValid = evaluateBundle(b, ds, 'validation', 'test-bundle').tasks.find(
      (t) => t.task === 'rul',
    )!.metrics;
    const rulCarried = b.tasks.find((t) => t.task === 'rul')!.validationMetrics;
    expect(rulCarried.interval_coverage).toBeCloseTo(rulValid.interval_coverage as number, 12);
    expect(rulCarried.interval_coverage_rows).toBeCloseTo(
      rulValid.interval_coverage_rows as number,
      12,
    );
    // Naming any active mode: recount from the model's own predictions.
    const ft = b.tasks[0]!;
    const fr = taskRows(ds, 'all', ft.inputs);
    const p = scorerForTask(ft).score(fr);
    const k = ft.classes!.length;
    const active = ds.table.columns.find((c) => c.name === 'active_modes')!.data as string[];
    let right = 0;
    let multi = 0;
    // [rows, dominant named, any active named] for none, one and several active modes
    const by = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    for (let i = 0; i < fr.n; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (p[i * k + j]! > p[i * k + best]!) best = j;
      const named = ft.classes![best]!;
      const cell = active[fr.index[i]!]!;
      const set = cell === '' ? [] : cell.split(',');
      if (set.length > 1) multi++;
      if (named === fr.mode[i] || set.includes(named)) right++;
      const g = by[Math.min(2, set.length)]!;
      g[0]!++;
      if (named === fr.mode[i]) g[1]!++;
      if (named === fr.mode[i] || set.includes(named)) g[2]!++;
    }
    type Group = { rows: number; accuracy: number; accuracy_any_active: number };
    const anyActive = fault.any_active as {
      accuracy: number;
      multi_mode_rows: number;
      by_active_modes: Record<'none' | 'one' | 'several', Group>;
    };
    expect(anyActive.multi_mode_rows).toBe(multi);
    expect(anyActive.accuracy).toBeCloseTo(right / fr.n, 12);
    expect(anyActive.accuracy).toBeGreaterThanOrEqual(fault.accuracy as number);
    (['none', 'one', 'several'] as const).forEach((name, j) => {
      const g = anyActive.by_active_modes[name];
      const [n, dom, anyRight] = by[j]!;
      expect(g.rows).toBe(n);
      expect(n).toBeGreaterThan(0);
      expect(g.accuracy).toBeCloseTo(dom! / n!, 12);
      expect(g.accuracy_any_active).toBeCloseTo(anyRight! / n!, 12);
    });
    // with none or one active mode, the dominant one (or normal) is the only right answer
    for (const g of ['none', 'one'] as const)
      expect(anyActive.by_active_modes[g].accuracy_any_active).toBe(
        anyActive.by_active_modes[g].accuracy,
      );
    // Each severity regressor splits only on its mode's evidence (fault-evidence.ts): the
    // rotor-bar one on the current and winding temperature, the bearing ones never on the
    // current (the localised defects not on power shares or level residuals either), the
    // shaft ones never on the envelope's defect lines.
    const sev = ft.model as { kind: string; regressors: { mode: string; model: unknown }[] };
    expect(sev.kind).toBe('fault_severity');
    const splitOn = (mode: string): Set<string> => {
      const m = GbdtModel.fromJSON(sev.regressors.find((r) => r.mode === mode)!.model);
      return new Set(
        m.trees.flatMap((t) => [...t.feature].filter((f) => f >= 0).map((f) => ft.inputs[f]!)),
      );
    };
    const outer = [...splitOn('outer_race')];
    expect(outer.some((f) => f.startsWith('env_bpfo'))).toBe(true);
    for (const { mode } of sev.regressors) {
      const used = [...splitOn(mode)];
      if (['outer_race', 'inner_race', 'ball'].includes(mode))
        expect(
          used.filter((f) => /^(cur_|ratio_|temp_winding|pwr_frac_)|_residual_db$/.test(f)),
          mode,
        ).toEqual([]);
      else if (mode === 'lubrication')
        expect(
          used.filter((f) => /^(cur_|ratio_|temp_winding)/.test(f)),
          mode,
        ).toEqual([]);
      else if (mode === 'rotor_bar')
        expect(
          used.filter((f) => !/^(cur_|temp_winding)/.test(f)),
          mode,
        ).toEqual([]);
      else
        expect(
          used.filter((f) => /^(env_(bpf|bsf|ftf)|cur_)/.test(f)),
          mode,
        ).toEqual([]);
    }
    // Severities are learnt on a square-root scale (severityScale: sqrt, the default): the
    // outer-race regressor's estimates on its training rows follow sqrt(severity), not severity.
    const trainRows = taskRows(ds, ['train'], ft.inputs);
    const sevOuter = getColumnData(ds.table, 'sev_outer_race', 'float64');
    const faulty = Array.from(trainRows.index.keys()).filter(
      (i) => sevOuter[trainRows.index[i]!]! > 0,
    );
    expect(faulty.length).toBeGreaterThan(30);
    const rows = pickRows(trainRows, faulty);
    const est = GbdtModel.fromJSON(
      sev.regressors.find((r) => r.mode === 'outer_race')!.model,
    ).predict(matrix(rows.x, rows.n, rows.d));
    let errSqrt = 0;
    let errLinear = 0;
    faulty.forEach((i, k) => {
      const v = sevOuter[trainRows.index[i]!]!;
      errSqrt += Math.abs(est[k]! - Math.sqrt(v));
      errLinear += Math.abs(est[k]! - v);
    });
    expect(errSqrt).toBeLessThan(0.7 * errLinear);
    const rul = ev.tasks.find((t) => t.task === 'rul')!.metrics;
    expect(rul.rmse as number).toBeGreaterThan(0);
    // the per-row predictions give back the reported RMSE over the scored rows
    const col = (name: string) =>
      ev.tasks.flatMap((t) => t.predictions).find((c) => c.name === name)!
        .data as ArrayLike<number>;
    const [truthR, scored, predR] = [col('rul_true'), col('rul_scored'), col('rul_pred')];
    expect(truthR.length).toBe(ev.rows);
    const cap = (rul.cap as number | null) ?? Infinity;
    let se = 0;
    let m = 0;
    for (let i = 0; i < ev.rows; i++) {
      if (scored[i] !== 1) continue;
      se += (predR[i]! - Math.min(truthR[i]!, cap)) ** 2;
      m++;
    }
    expect(m).toBe(rul.rows);
    expect(Math.sqrt(se / m)).toBeCloseTo(rul.rmse as number, 9);
    // the export carries the severity estimates too, one column per mode (compared below)
    const sevOut = exportBundleToOnnx(b).outputs.find((o) => o.name === 'fault_severity');
    expect(sevOut?.columns).toEqual(sev.regressors.map((r) => r.mode));
    await onnxMatches(b);
    // the ONNX model carries, in its metadata, the input columns, each output's columns and
    // the thresholds the bundle decides with
    const proto = onnxProto.onnx.ModelProto.decode(exportBundleToOnnx(b).bytes);
    const meta = proto.metadataProps.find((p) => p.key === ONNX_METADATA_KEY);
    const info = JSON.parse(meta!.value!) as {
      features: string[];
      outputs: {
        name: string;
        task: string;
        columns?: string[];
        thresholds: Record<string, number>;
      }[];
    };
    expect(info.features).toEqual(b.features.names);
    // the unit of RUL and of the horizon, and no categorical inputs on twin data
    expect((info as unknown as { timeUnit: string }).timeUnit).toBe('h');
    expect(info).not.toHaveProperty('categories');
    for (const t of b.tasks) {
      const out = info.outputs.find((o) => o.name === t.task)!;
      // each threshold beside the output it applies to: presence on the severity output
      const presence = Object.keys(t.thresholds).filter((k) => k.startsWith('present:'));
      expect({
        ...out.thresholds,
        ...(t.task === 'fault' ? severityThresholds(info) : {}),
      }).toEqual(t.thresholds);
      expect(Object.keys(out.thresholds).some((k) => k.startsWith('present:'))).toBe(false);
      if (t.task === 'fault') {
        expect(presence.length).toBeGreaterThan(0);
        expect(out.columns).toEqual(t.classes);
      }
    }
    expect(info.outputs.find((o) => o.task === 'horizon')!.thresholds.probability).toBeGreaterThan(
      0,
    );
    expect(info.outputs.find((o) => o.name === 'fault_severity')!.columns).toEqual(
      (
        b.tasks.find((t) => t.task === 'fault')!.model as { regressors: { mode: string }[] }
      ).regressors.map((r) => r.mode),
    );
  });

  it('raises the odds of normal for a capture without its context inputs, as its ONNX export does', async () => {
    const b = await train(['fault'], {});
    const t = b.tasks[0]!;
    const m = t.model as ModelJson;
    expect(m.kind).toBe('fault_severity');
    if (m.kind !== 'fault_severity') return;
    const vo = m.vibrationOnly!;
    // the thermal, electrical and history inputs, and only those
    const context = vo.columns.map((j) => t.inputs[j]!);
    expect(context.length).toBeGreaterThan(0);
    expect(context.every((f) => /^(temp_|cur_)|_(change|slope_day|residual_db)$/.test(f))).toBe(
      true,
    );
    for (const f of ['env_max_h1_db', 'acc_kurtosis', 'env_bpfo_h1_db'])
      if (t.inputs.includes(f)) expect(context).not.toContain(f);
    expect(NORMAL_ODDS_GRID).toContain(vo.normalOdds);
    // a bundle edited to a nonsensical factor is refused, not scored
    expect(() =>
      scorerForTask({ ...t, model: { ...m, vibrationOnly: { ...vo, normalOdds: -1 } } }),
    ).toThrow(/vibrationOnly/);
    expect(t.validationMetrics.vibration_only_normal_odds).toBe(vo.normalOdds);
    // rows without context: p(normal) is the plain model's with its odds times normalOdds
    const rows = taskRows(ds, 'all', t.inputs);
    const x = rows.x.slice();
    for (let i = 0; i < rows.n; i++) for (const j of vo.columns) x[i * rows.d + j] = Number.NaN;
    const input = { ...rows, x };
    const normal = m.classes.indexOf('normal');
    const k = m.classes.length;
    const odds = 2.5;
    const withOdds = scorerForTask({
      ...t,
      model: { ...m, vibrationOnly: { ...vo, normalOdds: odds } },
    }).score(input);
    const plain = scorerForTask({
      ...t,
      model: { ...m, vibrationOnly: { ...vo, normalOdds: 1 } },
    }).score(input);
    for (let i = 0; i < Math.min(rows.n, 200); i++) {
      const p = plain[i * k + normal]!;
      expect(withOdds[i * k + normal]).toBeCloseTo((odds * p) / (odds * p + 1 - p), 12);
      // the faults share the rest as before
      const j = (normal + 1) % k;
      expect(withOdds[i * k + j]).toBeCloseTo(
        (plain[i * k + j]! * (1 - withOdds[i * k + normal]!)) / (1 - p),
        12,
      );
    }
    // rows with context are scored as before
    const at = (o: number) =>
      scorerForTask({ ...t, model: { ...m, vibrationOnly: { ...vo, normalOdds: o } } }).score(rows);
    const [a, c] = [at(odds), at(1)];
    let withContext = 0;
    for (let i = 0; i < rows.n; i++) {
      if (isVibrationOnly(rows.x, i * rows.d, vo.columns)) continue;
      withContext++;
      for (let j = 0; j < k; j++) expect(a[i * k + j]).toBe(c[i * k + j]);
    }
    expect(withContext).toBeGreaterThan(rows.n / 2);
    await onnxMatches(
      { ...b, tasks: [{ ...t, model: { ...m, vibrationOnly: { ...vo, normalOdds: odds } } }] },
      context,
    );
    // and the export's factor is really applied: its p(normal) on those rows is the formula's
    // of the export without it
    const onnxNormal = async (o: number) => {
      const e = exportBundleToOnnx({
        ...b,
        tasks: [{ ...t, model: { ...m, vibrationOnly: { ...vo, normalOdds: o } } }],
      });
      const session = await ort.InferenceSession.create(e.bytes);
      const all = taskRows(ds, 'all', b.features.names);
      const n = Math.min(200, all.n);
      const xs = Float32Array.from(all.x.subarray(0, n * all.d));
      const hideAt = context.map((f) => b.features.names.indexOf(f));
      for (let i = 0; i < n; i++) for (const j of hideAt) xs[i * all.d + j] = Number.NaN;
      const out = await session.run({ features: new ort.Tensor('float32', xs, [n, all.d]) });
      const p = out.fault!.data as Float32Array;
      return Array.from({ length: n }, (_, i) => p[i * k + normal]!);
    };
    const [p1, pk] = [await onnxNormal(1), await onnxNormal(odds)];
    for (let i = 0; i < p1.length; i++) {
      const p = p1[i]!;
      expect(pk[i]).toBeCloseTo((odds * p) / (odds * p + 1 - p), 5);
    }
    expect(p1.some((p, i) => Math.abs(pk[i]! - p) > 1e-2)).toBe(true);
    // evaluate counts such rows and names the factor
    const hiddenDs = withEmptyColumns(ds, context);
    const ev = evaluateBundle(b, hiddenDs, 'all', 'test-bundle').tasks[0]!.metrics;
    expect(ev.vibration_only).toEqual({ rows: rowCount(ds.table), normal_odds: vo.normalOdds });
    expect(
      evaluateBundle(b, ds, 'all', 'test-bundle').tasks[0]!.metrics.vibration_only,
    ).toBeUndefined();
  });

  it("reports the diagnosis's progress on one scale: the classifier's trees, then the severity regressors'", async () => {
    const seen: { stage: string; fraction: number }[] = [];
    const b = await trainTestBundle(
      ds,
      ['fault'],
      { fault: { gbdt: { rounds: 10, earlyStopping: 0 } } },
      undefined,
      (p) => seen.push({ stage: p.stage, fraction: p.fraction }),
    );
    // 10 rounds of a tree per class, then 10 rounds for each mode's regressor: the classifier
    // grows 10 k of the 10 k + 10 (k - 1) trees
    const k = b.tasks[0]!.classes!.length;
    expect(k).toBeGreaterThan(2);
    const classifier = seen.filter((p) => p.stage === 'boosting');
    const severity = seen.filter((p) => p.stage.startsWith('severity of'));
    expect(classifier.length).toBe(10);
    expect(severity.length).toBe(10 * (k - 1));
    const share = k / (2 * k - 1);
    expect(classifier.at(-1)!.fraction).toBeCloseTo(share, 12);
    expect(severity[9]!.fraction).toBeCloseTo(share + (1 - share) / (k - 1), 12);
    expect(severity.at(-1)!.fraction).toBeCloseTo(1, 12);
    for (let i = 1; i < seen.length; i++)
      expect(seen[i]!.fraction).toBeGreaterThan(seen[i - 1]!.fraction);
  });

  it("names the modes present in predict's rows as evaluate does", async () => {
    const b = await train(['fault'], { fault: { gbdt: { rounds: 10 } } });
    const ev = evaluateBundle(b, ds, 'all', 'm.json');
    const cell = (cols: readonly { name: string; data: unknown }[]) =>
      cols.find((c) => c.name === 'fault_present')?.data as string[] | undefined;
    const expected = cell(ev.tasks[0]!.predictions);
    expect(expected).toBeDefined();
    expect(expected!.some((c) => c !== '')).toBe(true);
    const p = predictBundle(b, ds, 'all', 'm.json');
    expect(cell(p.columns)).toEqual(expected);
    // each machine's state lists the modes present at its latest row
    const ids = p.columns.find((c) => c.name === 'machine_id')!.data as string[];
    const time = p.columns.find((c) => c.name === 'time')!.data as Float64Array;
    for (const m of p.machines) {
      const last = ids.reduce(
        (best, id, i) => (id === m.machineId && (best < 0 || time[i]! >= time[best]!) ? i : best),
        -1,
      );
      const want = expected![last]!;
      expect(m.fault!.present, m.machineId).toEqual(want === '' ? [] : want.split(','));
    }
  });

  it('exports random forests and a single tree the same way', async () => {
    await onnxMatches(
      await train(['fault', 'horizon'], {
        fault: { algo: 'rf', rf: { trees: 10 } },
        // a tree's own settings (any of them had made it fail on forest keys it does not take)
        horizon: { algo: 'tree', tree: { maxDepth: 4 } },
      }),
    );
  });

  it('exports an isolation forest, whose float32 splits route every row as ONNX Runtime does', async () => {
    const b = await train(['anomaly'], { anomaly: { algo: 'iforest' } });
    const m = b.tasks[0]!.model as { kind: string; model: { inputs?: string } };
    expect(m.kind).toBe('isolation_forest');
    expect(m.model.inputs).toBe('raw-float32');
    await onnxMatches(b);
    // a row at a threshold goes right, below it left, NaN by the default, infinities compare:
    // one split of the first input at 1.5, in ONNX Runtime as in the project
    const t = b.tasks[0]!;
    const stump = {
      kind: 'isolation_forest' as const,
      dims: t.inputs.length,
      sampleSize: 4,
      inputs: 'raw-float32' as const,
      trees: [
        {
          f: [0, -1, -1],
          t: [1.5, 0, 0],
          l: [1, -1, -1],
          r: [2, -1, -1],
          size: [4, 1, 3],
          nanLeft: [1, 1, 1],
        },
      ],
    };
    const single = { ...b, tasks: [{ ...t, model: { kind: 'isolation_forest', model: stump } }] };
    const session = await ort.InferenceSession.create(exportBundleToOnnx(single).bytes);
    const values = [1.4999, 1.5, Number.NaN, Infinity, -Infinity];
    const D = b.features.names.length;
    const col = b.features.names.indexOf(t.inputs[0]!);
    const x = new Float32Array(values.length * D).fill(Number.NaN);
    values.forEach((v, i) => (x[i * D + col] = v));
    const got = (await session.run({ features: new ort.Tensor('float32', x, [values.length, D]) }))
      .anomaly!.data as Float32Array;
    const own = values.map((v) =>
      isolationScore(stump, [v, ...new Array<number>(t.inputs.length - 1).fill(0)]),
    );
    expect(own[0]).not.toBe(own[1]);
    for (let i = 0; i < values.length; i++) expect(got[i]).toBeCloseTo(own[i]!, 6);
    // a forest from before, which split normalised float64 features, is refused, not
    // exported with rows routed differently
    const older = structuredClone(b);
    delete (older.tasks[0]!.model as { model: { inputs?: string } }).model.inputs;
    expect(() => exportBundleToOnnx(older)).toThrow(/isolation forest from before.*train it again/);
  });

  it('trains neural networks (MLP) for fault, horizon and rul, and exports them too', async () => {
    const b = await train(['fault', 'horizon', 'rul'], {
      fault: { algo: 'mlp', mlp: { epochs: 15 } },
      horizon: { algo: 'mlp', mlp: { epochs: 10 } },
      rul: { algo: 'mlp', mlp: { epochs: 10 } },
    });
    expect(b.tasks.every((t) => (t.model as { kind: string }).kind === 'mlp')).toBe(true);
    await onnxMatches(b);
  });

  it("trains a recurrent network on each machine's recent history for RUL", async () => {
    const b = await train(['rul'], {
      rul: { algo: 'lstm', lstm: { epochs: 4, units: 8, steps: 8 } },
    });
    const ev = evaluateBundle(b, ds, 'all', 'lstm-bundle');
    const m = ev.tasks[0]!.metrics;
    expect(m.rmse as number).toBeGreaterThan(0);
    expect(m.interval_coverage as number).toBeGreaterThan(0.3);
    // exported beside a tree model: the graph takes each row's history besides its features
    const both: Bundle = {
      ...b,
      tasks: [
        ...b.tasks,
        ...(await train(['horizon'], { horizon: { gbdt: { rounds: 10 } } })).tasks,
      ],
    };
    const e = exportBundleToOnnx(both);
    expect(e.skipped).toEqual([]);
    expect(e.outputs.map((o) => o.name)).toEqual(['rul', 'horizon']);
    await onnxMatches(both);
    await onnxMatches(both, ['temp_bearing_rise_k', 'vel_rms_mm_s']);
    const proto = onnxProto.onnx.ModelProto.decode(e.bytes);
    const metaProp = proto.metadataProps.find((p) => p.key === ONNX_METADATA_KEY);
    const meta = JSON.parse(metaProp!.value!) as { history: unknown };
    expect(meta.history).toEqual({ input: ONNX_HISTORY_INPUT, mask: ONNX_HISTORY_MASK, steps: 8 });
    expect(proto.graph!.input!.map((i) => i.name)).toEqual(['features', 'history', 'history_mask']);
  });

  it("calibrates the degradation model's RUL interval on validation machines", async () => {
    const b = await train(['rul'], { rul: { algo: 'degradation', coverage: 0.8 } });
    const vm = b.tasks[0]!.validationMetrics;
    // the interval covers the calibration target on the machines it was calibrated on
    expect(vm.interval_coverage as number).toBeGreaterThanOrEqual(0.8 - 1e-9);
    const rows = taskRows(ds, ['validation'], b.tasks[0]!.inputs);
    const out = scorerForTask(b.tasks[0]!).score(rows);
    for (let i = 0; i < rows.n; i++) expect(out[i * 3]!).toBeGreaterThanOrEqual(0);
    // widened by an added width (CQR), which also opens an interval whose quantiles coincide
    expect((b.tasks[0]!.model as { widenKind?: string }).widenKind).toBe('additive');
    // a bundle from before widenKind multiplies the half-widths by 1 + widen, as it did
    const asOld = (widen: number) => ({
      ...b.tasks[0]!,
      model: { ...(b.tasks[0]!.model as object), widenKind: undefined, widen },
    });
    const bare = scorerForTask(asOld(0)).score(rows);
    const old = scorerForTask(asOld(0.5)).score(rows);
    for (let i = 0; i < rows.n; i++) {
      const mid = bare[i * 3 + 1]!;
      expect(old[i * 3 + 1]).toBe(mid);
      for (const j of [0, 2])
        expect(old[i * 3 + j]).toBe(Math.max(0, mid + (bare[i * 3 + j]! - mid) * 1.5));
    }
    // a row's estimate is its own: scored among every row, or with its machine's rows alone
    const m = rows.machineIds[rows.n - 1]!;
    const all = taskRows(ds, 'all', b.tasks[0]!.inputs, (i) => i >= 0);
    const alone = taskRows(ds, 'all', b.tasks[0]!.inputs);
    const own = Array.from({ length: alone.n }, (_, i) => i).filter(
      (i) => alone.machineIds[i] === m,
    );
    const sub = {
      ...alone,
      n: own.length,
      x: Float64Array.from(
        own.flatMap((i) => Array.from(alone.x.subarray(i * alone.d, (i + 1) * alone.d))),
      ),
      machineIds: own.map((i) => alone.machineIds[i]!),
      time: Float64Array.from(own, (i) => alone.time[i]!),
    };
    const together = scorerForTask(b.tasks[0]!).score(all);
    const apart = scorerForTask(b.tasks[0]!).score(sub);
    own.forEach((i, k) => {
      for (let j = 0; j < 3; j++) expect(apart[k * 3 + j]).toBe(together[i * 3 + j]);
    });
  });

  it('adds extraFeatures to the default inputs and names a column the data lacks', async () => {
    const extra = ['acc_rms_residual_db', 'vel_1x_residual_db'];
    // every task that normalises its inputs or is exported needs them in the bundle too
    const b = await train(['fault', 'horizon', 'anomaly'], {
      fault: { algo: 'mlp', mlp: { epochs: 2 }, extraFeatures: extra },
      horizon: { gbdt: { rounds: 5 }, extraFeatures: extra },
      anomaly: { extraFeatures: extra },
    });
    for (const t of b.tasks) {
      // The diagnosis and anomaly models also read the level residuals extra did not name.
      const own =
        t.task === 'fault' || t.task === 'anomaly'
          ? [
              'vel_rms_residual_db',
              'envw_floor_residual_db',
              'de_envw_floor_residual_db',
              'fe_envw_floor_residual_db',
              'cur_rbar_sb_residual_db',
            ]
          : [];
      expect(t.inputs).toEqual([...ds.manifest.modelFeatures, ...extra, ...own]);
    }
    await onnxMatches(b);
    await expect(
      train(['horizon'], { horizon: { gbdt: { rounds: 5 }, extraFeatures: ['no_such_feature'] } }),
    ).rejects.toThrow(/^horizon\.extraFeatures: .* has no feature no_such_feature/);
  });

  it('gives the diagnosis and anomaly models the level residuals, and the others not, unless told', async () => {
    const residuals = [
      'acc_rms_residual_db',
      'vel_rms_residual_db',
      'vel_1x_residual_db',
      'envw_floor_residual_db',
      'de_envw_floor_residual_db',
      'fe_envw_floor_residual_db',
      'cur_rbar_sb_residual_db',
    ];
    const quick = { gbdt: { rounds: 5 } };
    const b = await train(['fault', 'horizon', 'anomaly'], { fault: quick, horizon: quick });
    const inputs = (task: Task, bundle = b) => bundle.tasks.find((t) => t.task === task)!.inputs;
    expect(inputs('fault')).toEqual(expect.arrayContaining(residuals));
    expect(inputs('anomaly')).toEqual([...ds.manifest.modelFeatures, ...residuals]);
    expect(inputs('horizon').filter((f) => residuals.includes(f))).toEqual([]);
    // The bundle's feature list covers them (it is what an edge node computes and sends in).
    expect(b.features.names).toEqual(expect.arrayContaining(residuals));
    const off = await train(['fault', 'anomaly'], {
      fault: { ...quick, levelResiduals: false },
      anomaly: { levelResiduals: false },
    });
    expect(inputs('fault', off).filter((f) => residuals.includes(f))).toEqual([]);
    expect(inputs('fault', off)).toEqual(ds.manifest.modelFeatures);
    expect(inputs('anomaly', off)).toEqual(ds.manifest.modelFeatures);
    // `features` lists the inputs: nothing is added to them.
    const listed = ds.manifest.modelFeatures.slice(0, 12);
    const own = await train(['fault'], { fault: { ...quick, features: listed } });
    expect(inputs('fault', own)).toEqual(listed);
  });

  it('trains the horizon model on a label horizon of its own when asked', async () => {
    const model = async (labelHorizonH?: number) =>
      (
        await train(['horizon'], {
          horizon: {
            gbdt: { rounds: 20 },
            ...(labelHorizonH === undefined ? {} : { labelHorizonH }),
          },
        })
      ).tasks[0]!;
    const base = await model();
    // maintenance_due is rul <= the dataset's horizon: the same labels, the same model
    expect(JSON.stringify((await model(ds.manifest.horizon)).model)).toBe(
      JSON.stringify(base.model),
    );
    // Trained on "fails within 24 h", the model ranks the rows that do better than the default.
    const short = await model(24);
    const rows = taskRows(ds, ['validation'], base.inputs);
    const within24 = Uint8Array.from(rows.rul, (r) => (r <= 24 ? 1 : 0));
    const auc = (t: typeof base) => {
      const p = scorerForTask(t).score(rows); // P(later), P(due) per row
      return rankingMetrics(
        within24,
        Float64Array.from(within24, (_, i) => p[2 * i + 1]!),
      ).roc_auc;
    };
    expect(auc(short)).toBeGreaterThan(auc(base));
  });

  /** A one-task bundle scored on the data it was made for, and on the same rows labelled
   * "fails within 48 h" (a manifest with another horizon). */
  const onOtherHorizon = (b: Bundle) => {
    const H = ds.manifest.horizon;
    expect(b.tasks[0]!.thresholds.horizon).toBe(H);
    const same = evaluateBundle(b, ds, 'all', 'test-bundle');
    const other = { ...ds, manifest: { ...ds.manifest, horizon: 48 } };
    return { H, same, ev: evaluateBundle(b, other, 'all', 'test-bundle') };
  };

  it('scores a horizon model at its own horizon on data labelled for another', async () => {
    const b = await train(['horizon'], { horizon: { gbdt: { rounds: 20 } } });
    const { H, same, ev } = onOtherHorizon(b);
    expect(ev.warnings.join('\n')).toMatch(
      new RegExp(
        `model predicts failure within ${H} h, the data's labels use 48; scored at the model's ${H}`,
      ),
    );
    const m = ev.tasks[0]!.metrics;
    expect(m.horizon).toBe(H);
    const truth = ev.tasks[0]!.predictions.find((c) => c.name === 'horizon_true')!
      .data as Int32Array;
    const rows = taskRows(ds, ['train', 'validation', 'test'], b.tasks[0]!.inputs);
    // A machine without a failure in view is known to run on 48 h past its last row (the
    // horizon the data says it was simulated with): its rows less than H - 48 h before the end
    // are unknown at H, and left out (-1), not counted as "not due".
    const last = new Map<string, number>();
    rows.machineIds.forEach((id, i) => last.set(id, Math.max(last.get(id) ?? 0, rows.time[i]!)));
    const expected = Array.from(rows.rul, (r, i) =>
      Number.isFinite(r)
        ? r <= H
          ? 1
          : 0
        : rows.time[i]! + H <= last.get(rows.machineIds[i]!)! + 48
          ? 0
          : -1,
    );
    expect(Array.from(truth)).toEqual(expected);
    const unknown = expected.filter((v) => v === -1).length;
    expect(unknown).toBeGreaterThan(0);
    expect(m.unknown_rows).toBe(unknown);
    expect(ev.warnings.join('\n')).toMatch(
      new RegExp(
        `horizon: ${unknown} of ${rows.n} rows are of machines whose records end without a failure less than ${H} h after them`,
      ),
    );
    const score = ev.tasks[0]!.predictions.find((c) => c.name === 'horizon_score')!
      .data as Float64Array;
    const keep = expected.flatMap((v, i) => (v >= 0 ? [i] : []));
    expect(m.roc_auc).toBe(
      rankingMetrics(
        Uint8Array.from(keep, (i) => expected[i]!),
        Float64Array.from(keep, (i) => score[i]!),
      ).roc_auc,
    );
    // every failure is in view either way: the same failures warned of
    expect(m.event_recall).toBe(same.tasks[0]!.metrics.event_recall);
  });

  it('says when no row reaches the alarm threshold, and why when train set it out of reach', async () => {
    const b = await train(['horizon'], { horizon: { gbdt: { rounds: 20 } } });
    const task = b.tasks[0]!;
    const quiet = (recall: number) => ({
      ...b,
      tasks: [
        {
          ...task,
          thresholds: { ...task.thresholds, probability: 1.01 },
          validationMetrics: { ...task.validationMetrics, event_recall: recall },
        },
      ],
    });
    const plain = evaluateBundle(quiet(0.5), ds, 'all', 'm.json').warnings.join('\n');
    expect(plain).toMatch(
      /horizon: no row reaches the alarm threshold \(1\.01\), so the model raised no alarm on this data$/m,
    );
    const why = evaluateBundle(quiet(0), ds, 'all', 'm.json').warnings.join('\n');
    expect(why).toMatch(/raised no alarm on this data: train found no threshold that warned/);
    // a model that alarms somewhere: not said
    expect(evaluateBundle(b, ds, 'all', 'm.json').warnings.join('\n')).not.toMatch(
      /no row reaches/,
    );
  });

  it('says how many rows an anomaly model scores without their context (recordings), and only then', async () => {
    const b = await train(['anomaly'], {});
    const inputs = b.tasks[0]!.inputs;
    const groups = new Map(ds.manifest.features.map((f) => [f.name, f.group]));
    // the inputs a recording has no value of: thermal, electrical, operating and history
    const context = inputs.filter(
      (f) =>
        ['thermal', 'electrical', 'operating', 'trend'].includes(groups.get(f) ?? '') ||
        f.startsWith('temp_') ||
        f.startsWith('cur_'),
    );
    expect(context.length).toBeGreaterThan(5);
    expect(evaluateBundle(b, ds, 'all', 'm.json').warnings.join('\n')).not.toMatch(
      /anomaly: \d+ of/,
    );
    const bare = withEmptyColumns(ds, context);
    const ev = evaluateBundle(b, bare, 'all', 'm.json');
    const n = rowCount(ds.table);
    expect(ev.warnings.join('\n')).toMatch(
      new RegExp(
        `anomaly: ${n} of ${n} rows have none of its thermal, electrical or history inputs`,
      ),
    );
    expect(ev.tasks[0]!.metrics.vibration_only).toEqual({ rows: n });
    // a bundle without a diagnosis does not send the reader to one
    expect(ev.warnings.join('\n')).toMatch(
      /its scores there say little; an anomaly model trained on recordings like these reads them on their own terms/,
    );
    expect(ev.warnings.join('\n')).not.toMatch(/read the diagnosis/);
    // a model trained on recordings learnt without those inputs too: counted, not warned of
    const fromRecordings = { ...b, data: { ...b.data, source: 'waveforms' } };
    const er = evaluateBundle(fromRecordings, bare, 'all', 'm.json');
    expect(er.tasks[0]!.metrics.vibration_only).toEqual({ rows: n });
    expect(er.warnings.join('\n')).not.toMatch(/anomaly: \d+ of/);
  });

  it('warns when a RUL model meets lives far shorter than it learnt', async () => {
    const b = await train(['rul'], { rul: { gbdt: { rounds: 10 } } });
    const cap = b.tasks[0]!.thresholds.cap!;
    expect(evaluateBundle(b, ds, 'all', 'm.json').warnings.join('\n')).not.toMatch(
      /rul: the longest/,
    );
    // the same rows with every remaining life a twentieth: a rig's accelerated test
    const rul = getColumnData(ds.table, 'rul', 'float64');
    const short: Dataset = {
      ...ds,
      table: tableFromColumns(
        ds.table.columns.map((c) =>
          c.name === 'rul'
            ? { name: 'rul', type: 'float64' as const, data: rul.map((r) => r / 20) }
            : c,
        ),
      ),
    };
    let longest = 0;
    for (const r of rul) if (r / 20 > longest) longest = r / 20;
    expect(longest).toBeLessThan(cap / 4);
    expect(evaluateBundle(b, short, 'all', 'm.json').warnings.join('\n')).toMatch(
      new RegExp(
        `rul: the longest remaining life in .* is ${Number(longest.toPrecision(3))} h, under a quarter of the ${cap} h`,
      ),
    );
  });

  it('scores anomaly alarms at the horizon their threshold was chosen at', async () => {
    const b = await train(['anomaly'], {});
    const { H, same, ev } = onOtherHorizon(b);
    expect(ev.warnings.join('\n')).toMatch(
      new RegExp(`anomaly: .*the data's labels use 48; alarms scored at the model's ${H}`),
    );
    // the same alarms, failures and rule: the same metrics as on the data it was made for
    const m = ev.tasks[0]!.metrics;
    expect(m.horizon).toBe(H);
    expect(m.event_recall).toBe(same.tasks[0]!.metrics.event_recall);
    expect(m.false_alarms_per_machine_month).toBe(
      same.tasks[0]!.metrics.false_alarms_per_machine_month,
    );
  });

  it('refuses data without the features a bundle needs', async () => {
    const b = await train(['anomaly'], {});
    expect(() => {
      checkFeatures(b, ['time'], 'x');
    }).toThrow(/anomaly model needs features the data lacks/);
  });
});
