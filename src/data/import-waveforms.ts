/**
 * `import waveforms`: labelled vibration recordings (a user's, or a public test rig's) as a
 * dataset in the twin's format, with features from the same pipeline. A manifest CSV lists
 * one recording per row: `file,label,fs,rpm` and optionally `load,machine,variable,bearing`,
 * `location` and `capture` (the channels of one capture, fused into one row)
 * (the recording's bearing geometry, `n d_mm D_mm [angle_deg]`, where it differs from the
 * import's `bearing`: rigs and public sets mix drive-end and fan-end bearings). A file
 * is a one-column CSV of acceleration in g (or a CSV with an `accel_g` column, and then a `t`
 * column, if present, must agree with `fs`), or a MATLAB .mat file whose numeric vector is
 * picked by `variable` (a name or a regular expression). Long recordings are cut into windows
 * of `windowS` seconds; each window is one feature row. Labels use the twin's mode names. An
 * empty `rpm` cell means the speed is unknown: each window's is then estimated from its
 * spectrum, and the row says so (`q_speed_estimated`).
 */
import { dirname, extname, isAbsolute, join } from 'node:path';
import { PdmError } from '../core/errors.js';
import {
  DEFAULT_MODEL_FEATURES,
  MACHINE_FEATURES,
  MachineFeaturePipeline,
} from '../features/machine-features.js';
import { segmentSignal } from '../features/segment.js';
import type { BearingGeometry } from '../twin/bearing.js';
import { BEARING_6205, parseGeometry } from '../twin/bearing.js';
import { MODES, isMode } from '../twin/modes.js';
import type { CsvData } from './csv.js';
import { getCsvColumn, parseNumericColumn, readCsvFile } from './csv.js';
import type { DatasetManifest } from './dataset.js';
import { writeDataset } from './dataset.js';
import { readMatFile } from './mat5.js';
import { prepareOutputDir } from './output-dir.js';
import { splitIds } from './splits.js';
import { readTimeColumn } from './table-columns.js';
import type { Column } from './table.js';
import { tableFromColumns } from './table.js';

export interface WaveformImportOptions {
  readonly manifest: string;
  readonly outDir: string;
  /** Window length, s (default 1). */
  readonly windowS?: number;
  readonly bearing?: BearingGeometry;
  /**
   * Every machine's recordings run to its failure: RUL from its last one. Needs the manifest's
   * `machine` and `time` columns; `label` becomes optional.
   */
  readonly runToFailure?: boolean;
  /** H of maintenance_due = rul <= H, hours (default 168); with runToFailure. */
  readonly horizonH?: number;
  readonly seed?: number;
  readonly force?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface WaveformImportResult {
  readonly manifest: DatasetManifest;
  readonly recordings: number;
  readonly windows: number;
  readonly skippedShort: number;
  /** The recordings shorter than a window, as `file (manifest line n)`. */
  readonly skippedFiles: readonly string[];
  /** Manifest columns the import does not read. */
  readonly ignoredColumns: readonly string[];
  /** Windows of machines that did not fail, left out as within the horizon of their end. */
  readonly censoredLeftOut: number;
}

interface Entry {
  readonly line: number;
  readonly file: string;
  readonly label: string;
  readonly fsHz: number;
  readonly rpm: number;
  readonly load: number;
  readonly machine: string;
  readonly variable: string | null;
  /** The recording's own bearing, when the manifest gives one. */
  readonly bearing: BearingGeometry | null;
  /** When the recording was taken, hours (the manifest's `time` column), or null. */
  readonly timeH: number | null;
  /** Which accelerometer recorded it (the manifest's `location`, default de). */
  readonly location: 'de' | 'fe';
  /** Recordings of one machine with the same `capture` are channels of one capture. */
  readonly capture: string | null;
  /** Whether the manifest named the machine (else it is the file). */
  readonly machineGiven: boolean;
  /** Run to failure: false when the machine's records end without a failure (censored). */
  readonly failed: boolean;
}

/** Values of the manifest's `failed` column. */
const FAILED_CELLS = {
  yes: true,
  true: true,
  '1': true,
  no: false,
  false: false,
  '0': false,
} as const;

/** A manifest's bearing cell: n, d_mm, D_mm and an optional angle, split by spaces, ; or ,. */
function bearingCell(text: string, where: string): BearingGeometry {
  return parseGeometry(
    text
      .trim()
      .split(/[\s;,]+/)
      .join(','),
    where,
  );
}

function optionalCell(csv: CsvData, name: string, row: number): string | null {
  if (!csv.names.includes(name)) return null;
  const v = getCsvColumn(csv, name).cell(row).trim();
  return v === '' ? null : v;
}

/** Levenshtein distance (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(
        Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)),
      );
    }
    prev = row;
  }
  return prev[b.length]!;
}

async function readEntries(
  path: string,
  runToFailure: boolean,
): Promise<{ entries: Entry[]; ignored: string[]; timeOrigin: string | null }> {
  const csv = await readCsvFile(path, { sep: 'auto', header: 'first' });
  const needed = runToFailure
    ? ['file', 'fs', 'rpm', 'machine', 'time']
    : ['file', 'label', 'fs', 'rpm'];
  for (const need of needed) {
    if (!csv.names.includes(need)) {
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${path}: missing column "${need}"; expected columns ${needed.join(',')} (and optionally ${runToFailure ? 'label,load,variable,bearing,location,capture' : 'load,machine,variable,bearing,location,capture'}), found ${csv.names.join(',')}`,
      );
    }
  }
  // A column the import does not read is ignored (a manifest may carry notes), unless it looks
  // like a misspelt one (or is `time` without --run-to-failure), which would silently not apply.
  const optional = [
    'label',
    'load',
    'machine',
    'variable',
    'bearing',
    'location',
    'capture',
    ...(runToFailure ? ['failed'] : []),
  ];
  const known = [...needed, ...optional];
  const ignored = csv.names.filter((c) => !known.includes(c));
  if (ignored.includes('time')) {
    throw new PdmError(
      'PDM_DATA_INVALID',
      `${path}: a time column is read only with --run-to-failure (recordings of machines run to failure); add the flag, or drop or rename the column`,
    );
  }
  for (const c of ignored) {
    const near = known.find((k) => editDistance(c.toLowerCase(), k) <= (k.length > 4 ? 2 : 1));
    if (near !== undefined) {
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${path}: unknown column "${c}": did you mean "${near}"? (columns read: ${known.join(',')})`,
      );
    }
  }
  // Hours, or ISO 8601 date-times (hours since the earliest; the instant goes to the manifest).
  const timeCol = runToFailure ? readTimeColumn(csv, 'time') : null;
  const time = timeCol?.t ?? null;
  const fs = parseNumericColumn(csv, 'fs');
  const rpm = parseNumericColumn(csv, 'rpm');
  const load = csv.names.includes('load') ? parseNumericColumn(csv, 'load') : null;
  const fileCol = getCsvColumn(csv, 'file');
  const labelCol = csv.names.includes('label') ? getCsvColumn(csv, 'label') : null;
  const base = dirname(path);
  const out: Entry[] = [];
  for (let r = 0; r < csv.rowCount; r++) {
    const line = csv.lines[r]!;
    const where = (col: string) => `${path}:${line}:${csv.names.indexOf(col) + 1} (${col})`;
    const file = fileCol.cell(r).trim();
    const label = labelCol?.cell(r).trim() ?? '';
    if (file === '') throw new PdmError('PDM_DATA_INVALID', `${where('file')}: empty file name`);
    if (!isMode(label) && !(runToFailure && label === ''))
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${where('label')}: unknown label "${label}"; expected one of ${MODES.join(', ')}`,
      );
    if (!(fs[r]! >= 100 && fs[r]! <= 10_000_000))
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${where('fs')}: expected a sample rate in [100, 10000000] Hz, got ${fs[r]}`,
      );
    // An empty cell: speed unknown, estimated from each window's spectrum (q_speed_estimated).
    if (!Number.isNaN(rpm[r]!) && !(rpm[r]! > 0 && rpm[r]! < 100_000))
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${where('rpm')}: expected a shaft speed in (0, 100000) rpm, or an empty cell when unknown, got ${rpm[r]}`,
      );
    const l = load?.[r] ?? Number.NaN;
    if (time !== null && !Number.isFinite(time[r]!))
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${where('time')}: expected the recording's time in hours or as an ISO 8601 date-time, got "${getCsvColumn(csv, 'time').cell(r)}"`,
      );
    const machineCell = optionalCell(csv, 'machine', r);
    if (runToFailure && machineCell === null)
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${where('machine')}: run-to-failure recordings need the machine they belong to`,
      );
    const loc = (optionalCell(csv, 'location', r) ?? 'de').toLowerCase();
    if (loc !== 'de' && loc !== 'fe')
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${where('location')}: expected de (drive end) or fe (fan end), got "${loc}"`,
      );
    const b = optionalCell(csv, 'bearing', r);
    let bearing: BearingGeometry | null = null;
    if (b !== null) {
      try {
        bearing = bearingCell(b, where('bearing'));
      } catch (err) {
        throw new PdmError('PDM_DATA_INVALID', (err as Error).message, { cause: err });
      }
    }
    const failedCell = (optionalCell(csv, 'failed', r) ?? 'yes').toLowerCase();
    if (!(failedCell in FAILED_CELLS))
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${where('failed')}: expected yes or no (or true/false, 1/0): did the machine's records end in a failure? got "${failedCell}"`,
      );
    out.push({
      line,
      file: isAbsolute(file) ? file : join(base, file),
      label,
      fsHz: fs[r]!,
      rpm: rpm[r]!,
      load: l,
      machine: machineCell ?? file,
      variable: optionalCell(csv, 'variable', r),
      bearing,
      timeH: time === null ? null : time[r]!,
      location: loc,
      capture: optionalCell(csv, 'capture', r),
      machineGiven: machineCell !== null,
      failed: FAILED_CELLS[failedCell as keyof typeof FAILED_CELLS],
    });
  }
  if (out.length === 0) throw new PdmError('PDM_DATA_INVALID', `${path}: no recordings listed`);
  for (const e of out) {
    const other = out.find((x) => x.machine === e.machine && x.failed !== e.failed);
    if (other !== undefined)
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${path}:${Math.max(e.line, other.line)}: machine ${e.machine} is marked failed on line ${e.failed ? e.line : other.line} and not on line ${e.failed ? other.line : e.line}; a machine's records end in a failure or they do not`,
      );
  }
  const unlabelled = out.find((e) => e.label === '');
  if (unlabelled !== undefined && out.some((e) => e.label !== '')) {
    throw new PdmError(
      'PDM_DATA_INVALID',
      `${path}:${unlabelled.line}: no label, where other recordings have one; label every recording or none`,
    );
  }
  return { entries: out, ignored, timeOrigin: timeCol?.origin ?? null };
}

/**
 * The shaft speed a MATLAB file records beside its signals: a single number in a variable whose
 * name ends in RPM (as `X097RPM` in the Case Western bearing files). NaN when there is none (the
 * speed is then estimated from each window's spectrum).
 */
export async function recordedRpm(file: string): Promise<number> {
  if (extname(file).toLowerCase() !== '.mat') return Number.NaN;
  const mat = await readMatFile(file);
  const rpm = mat.variables.filter(
    (v) => /rpm$/i.test(v.name) && v.dims.reduce((a, b) => a * b, 1) === 1,
  );
  if (rpm.length !== 1) return Number.NaN;
  const v = mat.numericVector(rpm[0]!.name)[0]!;
  return v > 0 && v < 100_000 ? v : Number.NaN;
}

/** The samples of one recording, in g. */
async function readRecording(e: Entry, manifestPath: string): Promise<Float64Array> {
  const ext = extname(e.file).toLowerCase();
  if (ext === '.mat') {
    const mat = await readMatFile(e.file);
    if (e.variable === null) {
      const numeric = mat.variables.filter(
        (v) =>
          v.className !== 'char' &&
          v.className !== 'struct' &&
          v.dims.reduce((a, b) => a * b, 1) > 1000,
      );
      if (numeric.length !== 1) {
        throw new PdmError(
          'PDM_DATA_INVALID',
          `${manifestPath}:${e.line}: ${e.file} holds ${numeric.length} long numeric variables (${numeric.map((v) => v.name).join(', ')}); name one in the manifest's variable column`,
        );
      }
      return mat.numericVector(numeric[0]!.name);
    }
    return mat.numericVector(mat.selectVariable(e.variable));
  }
  // A first line of numbers is data: the file has no header (hour, minute and second columns
  // may well repeat a value there, which as names would clash).
  const csv = await readCsvFile(e.file, { sep: 'auto', header: 'auto' });
  const headerless = !csv.hasHeader;
  const where = `${manifestPath}:${e.line}`;
  if (e.variable !== null) {
    // The manifest names the column: a header name, or a 1-based column number.
    const k = /^\d+$/.test(e.variable) ? Number(e.variable) - 1 : csv.names.indexOf(e.variable);
    if (!(k >= 0 && k < csv.names.length)) {
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${where}: variable ${e.variable}: ${e.file} has ${headerless ? `no header and ${csv.names.length} columns (name one by number, 1-${csv.names.length})` : `no such column; columns: ${csv.names.join(', ')}`}`,
      );
    }
    return parseNumericColumn(csv, k);
  }
  if (csv.names.length === 1) return parseNumericColumn(csv, 0);
  if (!csv.names.includes('accel_g')) {
    throw new PdmError(
      'PDM_DATA_INVALID',
      headerless
        ? `${where}: ${e.file} has no header and ${csv.names.length} columns: name the acceleration column by number (1-${csv.names.length}) in the manifest's variable column`
        : `${where}: ${e.file}: expected one column of acceleration, a column named accel_g, or the manifest's variable column naming one; found ${csv.names.join(', ')}`,
    );
  }
  if (csv.names.includes('t')) {
    const t = parseNumericColumn(csv, 't');
    if (t.length > 2) {
      const dt = (t[t.length - 1]! - t[0]!) / (t.length - 1);
      const fsFile = 1 / dt;
      if (!(Math.abs(fsFile / e.fsHz - 1) < 0.01)) {
        throw new PdmError(
          'PDM_DATA_INVALID',
          `${manifestPath}:${e.line}: fs says ${e.fsHz} Hz but the t column of ${e.file} is sampled at ${fsFile.toPrecision(6)} Hz`,
        );
      }
    }
  }
  return parseNumericColumn(csv, 'accel_g');
}

/**
 * Recordings grouped into captures: those of one machine with the same `capture` value are the
 * channels of one capture (their windows make one feature row, fused over accelerometers as the
 * twin's are); the rest stand alone. Channels of a capture must agree on label, speed, load and
 * time, and hold one recording per accelerometer.
 */
function captureGroups(entries: readonly Entry[], manifest: string): Entry[][] {
  const groups: Entry[][] = [];
  const byKey = new Map<string, Entry[]>();
  for (const e of entries) {
    if (e.capture === null) {
      groups.push([e]);
      continue;
    }
    // Without a machine column, capture values name captures across the manifest (the
    // machine is then the first channel's file).
    const key = `${e.machineGiven ? e.machine : ''}\u0000${e.capture}`;
    const g = byKey.get(key);
    if (g === undefined) {
      const fresh = [e];
      byKey.set(key, fresh);
      groups.push(fresh);
      continue;
    }
    const first = g[0]!;
    const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));
    const clash = g.some((c) => c.location === e.location)
      ? `is a second ${e.location} recording (one per location)`
      : e.label !== first.label
        ? `has label ${e.label} where line ${first.line} says ${first.label}`
        : !same(e.rpm, first.rpm) || !same(e.load, first.load)
          ? `has another speed or load than line ${first.line}`
          : e.timeH !== first.timeH
            ? `has another time than line ${first.line}`
            : null;
    if (clash !== null) {
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${manifest}:${e.line}: a channel of capture ${e.capture} (machine ${first.machine}) ${clash}; the channels of one capture share label, speed, load and time`,
      );
    }
    g.push({ ...e, machine: first.machine });
  }
  return groups;
}

export async function importWaveforms(o: WaveformImportOptions): Promise<WaveformImportResult> {
  const windowS = o.windowS ?? 1;
  if (!(windowS > 0))
    throw new PdmError(
      'PDM_USAGE',
      `--window: expected a positive number of seconds, got ${windowS}`,
    );
  const rtf = o.runToFailure === true;
  const horizonH = o.horizonH ?? 168;
  if (!(horizonH > 0))
    throw new PdmError('PDM_USAGE', `--horizon: expected hours > 0, got ${horizonH}`);
  const { entries: read, ignored, timeOrigin } = await readEntries(o.manifest, rtf);
  // Run to failure: each machine's recordings in time order, its history carried across them.
  const timed = rtf;
  const order = new Map<string, number>();
  for (const e of read) if (!order.has(e.machine)) order.set(e.machine, order.size);
  const entries = timed
    ? [...read].sort(
        (a, b) =>
          order.get(a.machine)! - order.get(b.machine)! || a.timeH! - b.timeH! || a.line - b.line,
      )
    : read;
  const bearing = o.bearing ?? BEARING_6205;
  // One pipeline per pair of bearing geometries: their defect orders are fixed when it is made.
  const pipelines = new Map<string, MachineFeaturePipeline>();
  const geometryKey = (g: BearingGeometry) =>
    `${g.balls},${g.ballDiameterMm},${g.pitchDiameterMm},${g.contactAngleDeg}`;
  const pipelineFor = (de: BearingGeometry, fe: BearingGeometry): MachineFeaturePipeline => {
    const key = `${geometryKey(de)}|${geometryKey(fe)}`;
    let p = pipelines.get(key);
    if (p === undefined) {
      p = new MachineFeaturePipeline({ bearings: { de, fe } });
      pipelines.set(key, p);
    }
    return p;
  };
  const groups = captureGroups(entries, o.manifest);
  const values: number[][] = [];
  const machine: string[] = [];
  const time: number[] = [];
  const mode: string[] = [];
  const source: string[] = [];
  let skipped = 0;
  const skippedFiles: string[] = [];
  let rulOf = (_m: string, _i: number): number => Number.NaN;
  let current: string | null = null;
  let done = 0;
  for (const group of groups) {
    const e = group[0]!;
    // Each channel's windows; a capture has as many as its shortest channel.
    const channelWindows: Float64Array[][] = [];
    for (const c of group) {
      const x = await readRecording(c, o.manifest).catch((err: unknown) => {
        if (err instanceof PdmError && err.code === 'PDM_FILE_NOT_FOUND') {
          throw new PdmError(
            'PDM_FILE_NOT_FOUND',
            `${o.manifest}:${c.line}: recording ${c.file} does not exist (a relative file is taken from the manifest's folder, ${dirname(o.manifest)})`,
            { cause: err },
          );
        }
        throw err;
      });
      if (x.length === 0) {
        throw new PdmError(
          'PDM_DATA_INVALID',
          `${o.manifest}:${c.line}: ${c.file} holds no samples (a header line and no data?)`,
        );
      }
      channelWindows.push(
        x.length >= Math.round(windowS * c.fsHz) ? segmentSignal(x, c.fsHz, windowS) : [],
      );
    }
    const count = Math.min(...channelWindows.map((w) => w.length));
    const short = group.filter((_, j) => channelWindows[j]!.length === 0);
    if (short.length === group.length) {
      skipped += group.length;
      skippedFiles.push(...group.map((c) => `${c.file} (manifest line ${c.line})`));
    } else if (short.length > 0) {
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${o.manifest}:${short[0]!.line}: ${short[0]!.file} is shorter than a window (${windowS} s) while the other channels of capture ${e.capture ?? ''} are not`,
      );
    }
    const at = (loc: 'de' | 'fe') => group.find((c) => c.location === loc)?.bearing ?? bearing;
    const pipeline = pipelineFor(at('de'), at('fe'));
    // A new machine starts without history, on every geometry's pipeline it may use.
    if (timed && e.machine !== current) for (const p of pipelines.values()) p.reset();
    current = e.machine;
    // The capture's files, drive end first, each once (both ends may share one .mat file).
    const files = [
      ...new Set([...group].sort((a, b) => (a.location < b.location ? -1 : 1)).map((c) => c.file)),
    ].join('+');
    // An empty rpm cell: the speed a .mat file records beside the signal (XnnnRPM), if any.
    const speedRpm = Number.isNaN(e.rpm) ? await recordedRpm(e.file) : e.rpm;
    for (let i = 0; i < count; i++) {
      // Without times each window stands alone; with them a machine's history carries on.
      if (!timed) pipeline.reset();
      const tH = (e.timeH ?? 0) + (i * windowS) / 3600;
      const row = pipeline.onCapture({
        tH,
        speedRpm,
        channels: group.map((c, j) => ({
          location: c.location,
          fsHz: c.fsHz,
          samples: channelWindows[j]![i]!,
        })),
      });
      const loadIdx = MACHINE_FEATURES.findIndex((f) => f.name === 'load');
      row[loadIdx] = e.load;
      values.push(Array.from(row));
      machine.push(e.machine);
      time.push(timed ? tH : i * windowS);
      mode.push(e.label);
      source.push(files);
    }
    done += group.length;
    o.onProgress?.(done, entries.length);
  }
  if (values.length === 0)
    throw new PdmError(
      'PDM_DATA_INVALID',
      `${o.manifest}: no recording is at least ${windowS} s long`,
    );
  // Run to failure: each machine fails at the end of its last window, unless the manifest says
  // its records end without a failure (censored): its remaining life is then unknown, and its
  // windows within the horizon of that end are left out, since whether maintenance was due
  // there is unknown too (earlier ones were not due: the machine ran on past the horizon).
  let censoredLeftOut = 0;
  if (rtf) {
    const end = new Map<string, number>();
    machine.forEach((m, i) =>
      end.set(m, Math.max(end.get(m) ?? -Infinity, time[i]! + windowS / 3600)),
    );
    const censored = new Set(entries.filter((e) => !e.failed).map((e) => e.machine));
    const keep = machine.flatMap((m, i) =>
      censored.has(m) && end.get(m)! - time[i]! <= horizonH ? [] : [i],
    );
    censoredLeftOut = machine.length - keep.length;
    if (censoredLeftOut > 0) {
      for (const a of [values, machine, time, mode, source] as unknown[][]) {
        const kept = keep.map((i) => a[i]);
        a.length = 0;
        a.push(...kept);
      }
    }
    if (values.length === 0)
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${o.manifest}: every recording lies within the horizon (${horizonH} h) of the end of a machine that did not fail; use a shorter --horizon`,
      );
    rulOf = (m, i) => (censored.has(m) ? Number.NaN : end.get(m)! - time[i]!);
  }
  const n = values.length;
  const rul = Float64Array.from(machine, (m, i) => rulOf(m, i));
  const hasMode = mode.some((c) => c !== '');
  const cols: Column[] = [
    { name: 'machine_id', type: 'string', data: machine },
    { name: 'time', type: 'float64', data: Float64Array.from(time) },
    ...MACHINE_FEATURES.map((f, j): Column => ({
      name: f.name,
      type: 'float64',
      data: Float64Array.from(values, (r) => r[j]!),
    })),
    { name: 'mode', type: 'string', data: mode },
    { name: 'rul', type: 'float64', data: rul },
    {
      name: 'maintenance_due',
      type: 'bool',
      data: Uint8Array.from(rul, (v) => (v <= horizonH ? 1 : 0)),
    },
    { name: 'source_file', type: 'string', data: source },
  ];
  const byMachine = new Map<string, string>();
  machine.forEach((m, i) => {
    if (!byMachine.has(m) || byMachine.get(m) === 'normal') byMachine.set(m, mode[i]!);
  });
  const seed = o.seed ?? 1;
  const splits = splitIds([...byMachine.keys()], seed, undefined, (id) => byMachine.get(id) ?? '');
  await prepareOutputDir(o.outDir, ['features.parquet', 'features.csv'], o.force === true);
  const manifest = await writeDataset(o.outDir, tableFromColumns(cols), {
    source: 'waveforms',
    seed,
    timeUnit: timed ? 'h' : 's',
    horizon: rtf ? horizonH : 0,
    features: MACHINE_FEATURES.map((f) => ({ ...f })),
    modelFeatures: [...DEFAULT_MODEL_FEATURES],
    labels: {
      classes: hasMode ? [...new Set(mode)].sort() : [],
      has: { mode: hasMode, rul: rtf, maintenanceDue: rtf },
      definitions: {
        ...(hasMode ? { mode: 'the label given for the recording in the manifest' } : {}),
        time: timed
          ? "the recording's time (manifest column time, hours) plus the window's start"
          : 'start of the window within its recording, s',
        ...(rtf
          ? {
              rul: "hours from the window to the end of its machine's last window (run to failure); empty for a machine whose records end without a failure (failed = no)",
              maintenance_due: `rul <= ${horizonH}`,
            }
          : {}),
      },
    },
    splits,
    rulScoring: 'all',
    files: {},
    details: {
      importedFrom: o.manifest,
      ...(timeOrigin === null
        ? {}
        : { timeOrigin, timeDefinition: 'hours since timeOrigin (UTC)' }),
      windowS,
      bearing,
      ...(entries.some((e) => e.bearing !== null)
        ? {
            bearingPerRecording: entries.map((e) => ({
              line: e.line,
              file: e.file,
              variable: e.variable,
              location: e.location,
              machine: e.machine,
              bearing: e.bearing ?? bearing,
            })),
          }
        : {}),
      recordings: entries.length,
      skippedShort: skipped,
    },
  });
  return {
    manifest,
    recordings: entries.length,
    windows: n,
    skippedShort: skipped,
    skippedFiles,
    ignoredColumns: ignored,
    censoredLeftOut,
  };
}
