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
import { dirname } from 'node:path';
import { PdmError } from '../core/errors.js';
import { DEFAULT_MIN_SAMPLES } from '../features/quality.js';
import {
  DEFAULT_MODEL_FEATURES,
  MACHINE_FEATURES,
  MachineFeaturePipeline,
} from '../features/machine-features.js';
import { statedSpeedCheck } from '../features/speed-estimate.js';
import { segmentSignal } from '../features/segment.js';
import type { BearingGeometry } from '../twin/bearing.js';
import { BEARING_6205 } from '../twin/bearing.js';
import type { DatasetManifest } from './dataset.js';
import { writeDataset } from './dataset.js';
import { checkOutputDir, DATASET_FILES, prepareOutputDir } from './output-dir.js';
import { readRecording } from './recordings.js';
import { allInSplit, missingClassWarning, splitIds } from './splits.js';
import type { SplitName } from './splits.js';
import type { Column } from './table.js';
import { tableFromColumns } from './table.js';
import type { Entry } from './waveform-manifest.js';
import { captureGroups, readEntries } from './waveform-manifest.js';
import type { IsoMachineClass } from '../features/velocity.js';
import { ISO_10816_LIMITS } from '../features/velocity.js';

export interface WaveformImportOptions {
  readonly manifest: string;
  readonly outDir: string;
  /** Window length, s (default 1). */
  readonly windowS?: number;
  readonly bearing?: BearingGeometry;
  /** ISO 10816-1 class whose zone limits `iso_zone` uses (default I, machines up to 15 kW). */
  readonly isoClass?: IsoMachineClass;
  /**
   * Every machine's recordings run to its failure: RUL from its last one. Needs the manifest's
   * `machine` and `time` columns; `label` becomes optional.
   */
  readonly runToFailure?: boolean;
  /** H of maintenance_due = rul <= H, hours (default 168); with runToFailure. */
  readonly horizonH?: number;
  readonly seed?: number;
  /**
   * Every machine in this split (a held-out set imported on its own, such as real damages to
   * test a model of artificial ones); default: split by machine, stratified by label.
   */
  readonly allIn?: SplitName;
  /** csv: features.csv as well as features.parquet. */
  readonly format?: 'parquet' | 'csv';
  readonly force?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface WaveformImportResult {
  /**
   * With class labels and drawn splits: a warning that the validation or test split holds no
   * machine of a class the others hold (splits.ts `missingClassWarning`), or null.
   */
  readonly classWarning: string | null;
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
  /**
   * Recordings whose stated rpm the spectrum puts more than 3.5 times higher or lower (the
   * median of up to 8 windows) with no line at the stated 1x or 2x: a speed in Hz, or a wrong
   * sample rate, most likely. As `file (manifest line n): ...`.
   */
  readonly speedMismatch: readonly string[];
  /**
   * Recordings with no speed (an empty rpm cell and none in the file), read at the speed each
   * window's spectrum gives (`q_speed_estimated` = 1), as `file (manifest line n)`.
   */
  readonly speedEstimated: readonly string[];
  /** Recordings listed more than once (the same file and variable), as `manifest:line: ...`. */
  readonly repeated: readonly string[];
  /**
   * Recordings whose first window rises (or falls) from sample to sample almost throughout: a
   * time or counter column named as the signal, as `file (manifest line n)`.
   */
  readonly monotonic: readonly string[];
  /** Windows that failed a quality check (`q_usable` 0: their features are empty). */
  readonly unusableWindows: number;
  /**
   * Channels of fused captures some (not all) of whose windows failed a quality check, which
   * the rows' flags do not show (they read the other channels there), as `file (manifest line
   * n, channel): k of m windows have ...`.
   */
  readonly partialChannels: readonly string[];
  /** Recordings none of whose windows is usable, with why, as `file (manifest line n): ...`. */
  readonly unusable: readonly string[];
  /**
   * Recordings whose acceleration RMS passes `IMPLAUSIBLE_RMS_G` in some window: a column that
   * is not acceleration in g (a counter, a time), or another unit without `scale`.
   */
  readonly implausibleLevel: readonly string[];
}

/** An acceleration RMS (g) beyond what a machine's casing shows short of destruction. */
export const IMPLAUSIBLE_RMS_G = 100;

/**
 * How far (a factor, either way) the spectrum's speed may lie from a stated one before the
 * stated one is doubted (when its own 1x and 2x are missing too): the estimate can take 2x or a
 * defect comb for the shaft, a speed in Hz is 60 times off, a sample rate 48 / 12 = 4.
 */
const SPEED_MISMATCH_FACTOR = 3.5;
const LOAD_INDEX = MACHINE_FEATURES.findIndex((f) => f.name === 'load');
const featureIndex = (name: string): number => MACHINE_FEATURES.findIndex((f) => f.name === name);
const Q = {
  usable: featureIndex('q_usable'),
  gap: featureIndex('q_gap_fraction'),
  clip: featureIndex('q_clip_fraction'),
  stuck: featureIndex('q_stuck_fraction'),
  rms: featureIndex('acc_rms_g'),
};

/**
 * Why a window failed its quality checks, from its flags (quality.ts): a row's, or a channel's
 * own features (`MachineFeaturePipeline.channelFeatures`: the row's first columns, indexed
 * alike).
 */
function unusableReasons(row: ArrayLike<number>): string[] {
  const why: string[] = [];
  if (row[Q.gap]! > 0) why.push('missing or non-finite samples');
  if (row[Q.clip]! > 0) why.push('clipped samples');
  if (row[Q.stuck]! > 0) why.push('a constant or frozen signal');
  return why;
}

/** The reasons as one phrase, or a failed check in general where no flag says which. */
function reasonText(why: Iterable<string>): string {
  return [...why].join(', ') || 'a failed quality check';
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
  // A clash with an earlier result is said before the recordings are read, not after.
  await checkOutputDir(o.outDir, DATASET_FILES, o.force === true);
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
      p = new MachineFeaturePipeline({
        bearings: { de, fe },
        vibration: { isoLimits: ISO_10816_LIMITS[o.isoClass ?? 'I'] },
      });
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
  const speedMismatch: string[] = [];
  const speedEstimated: string[] = [];
  const unusable: string[] = [];
  const implausibleLevel: string[] = [];
  const monotonic: string[] = [];
  let unusableWindows = 0;
  const partialChannels: string[] = [];
  // Each recording read (file and resolved variable): one listed twice puts the same windows
  // twice in the data, under two machines in two splits; said, and an error with two labels
  const readBefore = new Map<string, Entry>();
  const repeats: string[] = [];
  let longestS = 0;
  let current: string | null = null;
  let done = 0;
  for (const group of groups) {
    const e = group[0]!;
    // Each channel's windows; a capture has as many as its shortest channel.
    const channelWindows: Float64Array[][] = [];
    // Each channel's sample rate: the manifest's, or a .mat file's own for an empty cell.
    const channelFs: number[] = [];
    // Each channel's samples and the variable read, for the checks of a capture's channels
    const channelSamples: number[] = [];
    const channelSignals: string[] = [];
    // An empty rpm cell: the speed a .mat file records beside the signal (XnnnRPM), if any.
    let speedRpm = e.rpm;
    for (const c of group) {
      const read = await readRecording(c, o.manifest).catch((err: unknown) => {
        if (err instanceof PdmError && err.code === 'PDM_FILE_NOT_FOUND') {
          throw new PdmError(
            'PDM_FILE_NOT_FOUND',
            `${o.manifest}:${c.line}: recording ${c.file} does not exist (a relative file is taken from the manifest's folder, ${dirname(o.manifest)})`,
            { cause: err },
          );
        }
        // Errors of the recording itself (a .mat variable, a cell) also name the manifest line
        // that listed it: several lines may read one file
        if (err instanceof PdmError && !err.message.startsWith(`${o.manifest}:`))
          throw new PdmError(err.code, `${o.manifest}:${c.line}: ${err.message}`, { cause: err });
        throw err;
      });
      if (c === e && Number.isNaN(speedRpm)) speedRpm = read.rpm;
      noteRepeat(readBefore, repeats, c, read.variable, read.signal, o.manifest);
      // a copy: a file's arrays may be read again for another line
      const x = c.scale === 1 ? read.samples : read.samples.map((v) => v * c.scale);
      if (x.length === 0) {
        throw new PdmError(
          'PDM_DATA_INVALID',
          `${o.manifest}:${c.line}: ${c.file} holds no samples (a header line and no data?)`,
        );
      }
      const fsHz = read.fsHz;
      // The features need DEFAULT_MIN_SAMPLES a window (the extractor's quality check): fewer would fail every window's
      // quality check, as if the signal were bad, where the window is too short.
      if (Math.round(windowS * fsHz) < DEFAULT_MIN_SAMPLES)
        throw new PdmError(
          'PDM_USAGE',
          `--window ${windowS} s holds ${Math.round(windowS * fsHz)} samples of ${c.file} at ${fsHz} Hz (manifest line ${c.line}); ` +
            `the features need at least ${DEFAULT_MIN_SAMPLES}: a window of at least ${(DEFAULT_MIN_SAMPLES / fsHz).toPrecision(3)} s`,
        );
      channelFs.push(fsHz);
      channelSamples.push(x.length);
      channelSignals.push(read.signal);
      longestS = Math.max(longestS, x.length / fsHz);
      channelWindows.push(
        x.length >= Math.round(windowS * fsHz) ? segmentSignal(x, fsHz, windowS) : [],
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
    if (group.length > 1)
      checkChannels(group, channelSamples, channelFs, channelSignals, o.manifest);
    const at = (loc: 'de' | 'fe') => group.find((c) => c.location === loc)?.bearing ?? bearing;
    const pipeline = pipelineFor(at('de'), at('fe'));
    // A new machine starts without history, on every geometry's pipeline it may use.
    if (timed && e.machine !== current) for (const p of pipelines.values()) p.reset();
    current = e.machine;
    // The capture's files, drive end first, each once (both ends may share one .mat file).
    const files = [
      ...new Set([...group].sort((a, b) => (a.location < b.location ? -1 : 1)).map((c) => c.file)),
    ].join('+');
    if (Number.isNaN(speedRpm) && count > 0)
      speedEstimated.push(`${files} (manifest line ${e.line})`);
    let unusableHere = 0;
    let firstReason = '';
    let maxRms = 0;
    // each channel of a capture of several, on its own (channelFindings)
    const perChannel: ChannelTally[] =
      group.length > 1 ? group.map(() => ({ bad: 0, why: new Set(), maxRms: 0 })) : [];
    for (let i = 0; i < count; i++) {
      // Without times each window stands alone; with them a machine's history carries on.
      if (!timed) pipeline.reset();
      const tH = (e.timeH ?? 0) + (i * windowS) / 3600;
      const row = pipeline.onCapture({
        tH,
        speedRpm,
        channels: group.map((c, j) => ({
          location: c.location,
          ...(c.axis === null ? {} : { axis: c.axis }),
          fsHz: channelFs[j]!,
          samples: channelWindows[j]![i]!,
        })),
      });
      row[LOAD_INDEX] = e.load;
      if (row[Q.usable] === 0) {
        if (unusableHere++ === 0) firstReason = reasonText(unusableReasons(row));
      } else if (row[Q.rms]! > maxRms) maxRms = row[Q.rms]!;
      perChannel.forEach((t, j) => {
        const v = pipeline.channelFeatures(j);
        if (v[Q.usable] === 0) {
          t.bad++;
          for (const r of unusableReasons(v)) t.why.add(r);
        } else if (v[Q.rms]! > t.maxRms) t.maxRms = v[Q.rms]!;
      });
      values.push(Array.from(row));
      machine.push(e.machine);
      time.push(timed ? tH : i * windowS);
      mode.push(e.label);
      source.push(files);
    }
    unusableWindows += unusableHere;
    if (group.length > 1) {
      // The fused row reads the usable channels: each channel is checked on its own.
      const f = channelFindings(group, perChannel, channelWindows, count, IMPLAUSIBLE_RMS_G);
      if (count > 0 && unusableHere === count)
        unusable.push(
          `${files} (manifest line ${e.line}): ${count === 1 ? 'its window has' : `all ${count} windows have`} ${firstReason} on every channel, so no features`,
        );
      else unusable.push(...f.unusable);
      partialChannels.push(...f.partial);
      monotonic.push(...f.monotonic);
      implausibleLevel.push(...f.implausible);
    } else {
      // a vibration swings both ways from sample to sample; a time or a counter only climbs
      const first = channelWindows[0]?.[0];
      if (first !== undefined && climbs(first))
        monotonic.push(`${files} (manifest line ${e.line})`);
      if (count > 0 && unusableHere === count)
        unusable.push(
          `${files} (manifest line ${e.line}): ${count === 1 ? 'its window has' : `all ${count} windows have`} ${firstReason}, so no features`,
        );
      if (maxRms > IMPLAUSIBLE_RMS_G)
        implausibleLevel.push(
          `${files} (manifest line ${e.line}): acceleration RMS up to ${maxRms.toPrecision(3)} g`,
        );
    }
    // The spectrum's speed is checked against a stated one (statedSpeedCheck): a recording
    // whose windows mostly put the shaft far from it, by more than the estimate's own slips
    // (a defect comb or 2x taken for the shaft), with no line at the stated 1x or 2x in most
    // of them, was most likely given its speed in other units, or a wrong sample rate
    const check = statedSpeedCheck(channelWindows[0]!.slice(0, count), channelFs[0]!, speedRpm);
    const ratio = check.ratio;
    if (
      (ratio > SPEED_MISMATCH_FACTOR || ratio < 1 / SPEED_MISMATCH_FACTOR) &&
      check.statedLinesShare < 0.5
    )
      speedMismatch.push(
        `${files} (manifest line ${e.line}): the spectrum's strongest series of harmonics (the shaft's, or a defect's) is at ${(ratio * speedRpm).toPrecision(4)} rpm, against rpm ${speedRpm} (median of ${Math.min(count, 8)} window${count === 1 ? '' : 's'}, fs ${channelFs[0]}), with no line at the stated 1x or 2x`,
      );
    done += group.length;
    o.onProgress?.(done, entries.length);
  }
  if (values.length === 0)
    throw new PdmError(
      'PDM_DATA_INVALID',
      `${o.manifest}: no recording is at least ${windowS} s long (the longest holds ${longestS.toPrecision(3)} s at its fs); choose a shorter --window`,
    );
  // Run to failure: each machine fails at the end of its last window, unless the manifest says
  // its records end without a failure (censored): its remaining life is then unknown, and its
  // windows within the horizon of that end are left out, since whether maintenance was due
  // there is unknown too (earlier ones were not due: the machine ran on past the horizon).
  let censoredLeftOut = 0;
  let rul: Float64Array | null = null;
  const censored = new Set(rtf ? entries.filter((e) => !e.failed).map((e) => e.machine) : []);
  // Records cut before failure (a test set): each machine's remaining life at its end
  const finalRul = new Map<string, number>();
  for (const e of entries) {
    if (e.finalRulH === null) continue;
    const seen = finalRul.get(e.machine);
    if (seen !== undefined && seen !== e.finalRulH)
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${o.manifest}:${e.line}: final_rul of machine ${e.machine} is ${e.finalRulH} here and ${seen} on an earlier line; one value per machine`,
      );
    finalRul.set(e.machine, e.finalRulH);
  }
  if (finalRul.size > 0) {
    const without = entries.find((e) => !finalRul.has(e.machine));
    if (without !== undefined)
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${o.manifest}:${without.line}: machine ${without.machine} has no final_rul where others have one: a test set cut before failure gives every machine's`,
      );
  }
  if (rtf) {
    const end = new Map<string, number>();
    machine.forEach((m, i) =>
      end.set(m, Math.max(end.get(m) ?? -Infinity, time[i]! + windowS / 3600)),
    );
    const keep = machine.flatMap((m, i) =>
      censored.has(m) && end.get(m)! - time[i]! <= horizonH ? [] : [i],
    );
    censoredLeftOut = machine.length - keep.length;
    if (censoredLeftOut > 0) {
      for (const a of [values, machine, time, mode, source] as unknown[][]) {
        // in place, in order (keep is increasing); no spread: it overflows the stack past ~100k
        keep.forEach((i, k) => (a[k] = a[i]));
        a.length = keep.length;
      }
      // the windows left out are not counted among those that failed, nor in the total
      unusableWindows = values.filter((r) => r[Q.usable] === 0).length;
    }
    if (values.length === 0)
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${o.manifest}: every recording lies within the horizon (${horizonH} h) of the end of a machine that did not fail; use a shorter --horizon`,
      );
    rul = Float64Array.from(
      machine,
      (m, i) => (censored.has(m) ? Number.NaN : end.get(m)! - time[i]!) + (finalRul.get(m) ?? 0),
    );
  }
  const n = values.length;
  rul ??= new Float64Array(n).fill(Number.NaN);
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
  // Run to failure: failed and censored machines are shared out apart as well, so a set of
  // rig bearings of which one or two failed puts a failure in train first (the key of failed
  // machines is their mode alone, as before: splits stay as they were)
  const stratum = (id: string) =>
    `${byMachine.get(id) ?? ''}${censored.has(id) ? '|censored' : ''}`;
  const seed = o.seed ?? 1;
  // a test set cut before failure is scored, not learnt from: every machine in test
  const cut = finalRul.size > 0;
  const splits =
    o.allIn !== undefined || cut
      ? allInSplit(byMachine.keys(), o.allIn ?? 'test')
      : splitIds([...byMachine.keys()], seed, undefined, stratum, (id) => censored.has(id));
  await prepareOutputDir(o.outDir, DATASET_FILES, o.force === true);
  const manifest = await writeDataset(
    o.outDir,
    tableFromColumns(cols),
    {
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
                rul: "hours from the window to the end of its machine's last window (run to failure), plus the machine's final_rul for records cut before failure; empty for a machine whose records end without a failure (failed = no)",
                maintenance_due: `rul <= ${horizonH}`,
              }
            : {}),
        },
      },
      splits,
      rulScoring: cut ? 'last' : 'all',
      files: {},
      details: {
        importedFrom: o.manifest,
        ...(timeOrigin === null
          ? {}
          : { timeOrigin, timeDefinition: 'hours since timeOrigin (UTC)' }),
        windowS,
        bearing,
        isoClass: o.isoClass ?? 'I',
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
    },
    { csv: o.format === 'csv' },
  );
  return {
    manifest,
    classWarning:
      manifest.labels.has.mode && o.allIn === undefined && !cut
        ? missingClassWarning(manifest.splits, machine, mode)
        : null,
    recordings: entries.length,
    windows: n,
    skippedShort: skipped,
    skippedFiles,
    ignoredColumns: ignored,
    censoredLeftOut,
    speedMismatch,
    speedEstimated,
    repeated: repeats,
    unusableWindows,
    partialChannels,
    unusable,
    implausibleLevel,
    monotonic,
  };
}

/** A channel of a capture, for messages: `de`, `de axis v`. */
function channelName(c: Entry): string {
  return c.axis === null ? c.location : `${c.location} axis ${c.axis}`;
}

/**
 * Stops where the channels of one capture cannot have been recorded together: one lasts more
 * than 1 % longer than another (a cut file, or a wrong fs, whose later windows would be lost
 * unsaid; within 1 %, a few samples more or less, the capture has as many windows as its
 * shortest channel), or two read the same signal (one file's variable or column for two axes).
 */
function checkChannels(
  group: readonly Entry[],
  samples: readonly number[],
  fsHz: readonly number[],
  signals: readonly string[],
  manifest: string,
): void {
  const first = group[0]!;
  const seconds = (j: number) => samples[j]! / fsHz[j]!;
  const held = (j: number) =>
    `${samples[j]} samples at ${fsHz[j]} Hz (${seconds(j).toPrecision(6)} s)`;
  for (let j = 1; j < group.length; j++) {
    const c = group[j]!;
    if (!(Math.abs(seconds(j) / seconds(0) - 1) <= 0.01))
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${manifest}:${c.line}: ${c.file} (${channelName(c)}) holds ${held(j)}, where line ${first.line}'s ${first.file} (${channelName(first)}) holds ${held(0)}: ` +
          `the channels of capture ${first.capture ?? ''} are recorded together, so their lengths should agree within 1 %; a wrong fs or a cut file would lose windows, so check both`,
      );
    // the signal read, however the manifest named it (a column as 5, 05 or its header name)
    const same = group.findIndex((x, k) => k < j && x.file === c.file && signals[k] === signals[j]);
    if (same >= 0)
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${manifest}:${c.line}: ${channelName(c)} reads the same signal as line ${group[same]!.line} (${channelName(group[same]!)}): ${c.file}, ${signals[j]}; give each channel its own variable`,
      );
  }
}

/** A channel's windows that failed their checks, why, and its largest level, over a capture. */
interface ChannelTally {
  bad: number;
  readonly why: Set<string>;
  maxRms: number;
}

/**
 * What the fused row of a capture of several channels does not show: a channel all or some of
 * whose windows fail their quality checks (the row reads the others there), one whose samples
 * climb or fall throughout (a time or a counter), and one whose level passes `limitG`, from
 * each channel's own features (`tally`). Each names its file, manifest line and channel.
 */
function channelFindings(
  group: readonly Entry[],
  tally: readonly ChannelTally[],
  windows: readonly (readonly Float64Array[])[],
  count: number,
  limitG: number,
): { unusable: string[]; partial: string[]; monotonic: string[]; implausible: string[] } {
  const out = {
    unusable: [] as string[],
    partial: [] as string[],
    monotonic: [] as string[],
    implausible: [] as string[],
  };
  group.forEach((c, j) => {
    const name = `${c.file} (manifest line ${c.line}, ${channelName(c)})`;
    const { bad, why, maxRms } = tally[j]!;
    if (count > 0 && bad === count)
      out.unusable.push(
        `${name}: ${count === 1 ? 'its window has' : `all ${count} windows have`} ${reasonText(why)}, so the capture's rows are read from its other channels`,
      );
    else if (bad > 0)
      out.partial.push(
        `${name}: ${bad} of ${count} windows have ${reasonText(why)}; the capture's rows read its other channels there`,
      );
    if (maxRms > limitG)
      out.implausible.push(`${name}: acceleration RMS up to ${maxRms.toPrecision(3)} g`);
    const w0 = windows[j]![0];
    if (w0 !== undefined && climbs(w0)) out.monotonic.push(name);
  });
  return out;
}

/** Samples that climb (or fall) from one to the next almost throughout, as a time or a counter does. */
function climbs(x: Float64Array): boolean {
  if (x.length <= 2) return false;
  let up = 0;
  let down = 0;
  for (let i = 1; i < x.length; i++) {
    if (x[i]! > x[i - 1]!) up++;
    else if (x[i]! < x[i - 1]!) down++;
  }
  return Math.max(up, down) > 0.99 * (x.length - 1);
}

/** Records a recording read, and says (or stops) when it was read for another line before. */
function noteRepeat(
  before: Map<string, Entry>,
  repeats: string[],
  e: Entry,
  variable: string | null,
  signal: string,
  manifest: string,
): void {
  // the signal read, however the manifest named it (a text file's column by number or header)
  const key = `${e.file}\u0000${signal}`;
  const first = before.get(key);
  if (first === undefined) {
    before.set(key, e);
    return;
  }
  const what = `recording ${e.file}${variable === null ? '' : ` (variable ${variable})`}`;
  if (first.label !== e.label)
    throw new PdmError(
      'PDM_DATA_INVALID',
      `${manifest}:${e.line}: ${what} is labelled ${e.label} here and ${first.label} on line ${first.line}; a recording has one condition`,
    );
  repeats.push(
    `${manifest}:${e.line}: ${what} is listed again (first on line ${first.line}): ${first.machine === e.machine ? 'its windows count twice' : `under machine ${e.machine} as well as ${first.machine}, the same windows may land in two splits`}`,
  );
}
