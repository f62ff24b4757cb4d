/**
 * The manifest of `import waveforms`: one recording per row (`file,label,fs,rpm` and the
 * optional columns docs/data.md lists), read into checked entries, and the entries grouped
 * into captures (the channels of one capture become one feature row). Errors name the
 * manifest's line and column.
 */
import { dirname, extname, isAbsolute, join } from 'node:path';
import { PdmError } from '../core/errors.js';
import { nearestName } from '../core/schema-issues.js';
import type { BearingGeometry } from '../twin/bearing.js';
import { parseGeometry } from '../twin/bearing.js';
import { MODES, isMode } from '../twin/modes.js';
import type { CsvData } from './csv.js';
import { getCsvColumn, parseNumericColumn, readCsvFile } from './csv.js';
import { readTimeColumn } from './table-columns.js';

/** A manifest cell with a comma (a matrix column) must be quoted. */
const QUOTE_HINT =
  'a cell that holds a comma, as a matrix column data(:,2), goes in double quotes: "data(:,2)"';

/** One row of the manifest, checked. */
export interface Entry {
  readonly line: number;
  readonly file: string;
  readonly label: string;
  /** Sample rate, Hz; NaN for a .mat recording whose cell is empty (read from the file). */
  readonly fsHz: number;
  /** Where the sample rate was read, `manifest:line:column (fs)`, for errors about it. */
  readonly fsCell: string;
  readonly rpm: number;
  readonly load: number;
  /** Samples x scale = acceleration in g (the manifest's `scale`, default 1). */
  readonly scale: number;
  readonly machine: string;
  readonly variable: string | null;
  /** The recording's own bearing, when the manifest gives one. */
  readonly bearing: BearingGeometry | null;
  /** When the recording was taken, hours (the manifest's `time` column), or null. */
  readonly timeH: number | null;
  /** Which accelerometer recorded it (the manifest's `location`, default de). */
  readonly location: 'de' | 'fe';
  /**
   * Which axis of the location (the manifest's `axis`: `h`, `v`, `x`, ...), null when not
   * given: several axes of one location in one capture fuse into its features.
   */
  readonly axis: string | null;
  /** Recordings of one machine with the same `capture` are channels of one capture. */
  readonly capture: string | null;
  /** Whether the manifest named the machine (else it is the file). */
  readonly machineGiven: boolean;
  /** Run to failure: false when the machine's records end without a failure (censored). */
  readonly failed: boolean;
  /**
   * Run to failure, records cut before it (a test set): the machine's true remaining life at
   * the end of its last recording, hours (the manifest's `final_rul`), or null.
   */
  readonly finalRulH: number | null;
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

/** Every column a manifest may hold. */
const MANIFEST_COLUMNS = [
  'file',
  'label',
  'fs',
  'rpm',
  'load',
  'scale',
  'machine',
  'variable',
  'bearing',
  'location',
  'axis',
  'capture',
  'time',
  'failed',
  'final_rul',
];

/** The manifest, its column names read without regard to case (`File,Label,FS` as file,label,fs). */
async function readManifestCsv(path: string): Promise<CsvData> {
  const csv = await readCsvFile(path, {
    sep: 'auto',
    header: 'first',
    extraFieldsHint: QUOTE_HINT,
  });
  const names = csv.names.map((n) => {
    const lower = n.toLowerCase();
    return MANIFEST_COLUMNS.includes(lower) && !csv.names.includes(lower) ? lower : n;
  });
  return names.every((n, i) => n === csv.names[i])
    ? csv
    : readCsvFile(path, { sep: 'auto', header: 'first', names, extraFieldsHint: QUOTE_HINT });
}

/** A manifest's bearing cell: n, d_mm, D_mm and an optional angle, split by spaces, ; or ,. */
function bearingCell(text: string, where: string): BearingGeometry {
  const parts = text.trim().split(/[\s;,]+/);
  try {
    return parseGeometry(parts.join(','), where);
  } catch (err) {
    // the comma form of --bearing would split the manifest's row: the cell's own forms
    if (parts.length < 3 || parts.length > 4 || parts.some((p) => !Number.isFinite(Number(p))))
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${where}: expected "n d_mm D_mm [angle_deg]", separated by spaces or ; (for a 6205: 9 7.94 39.04 0), got "${text}"`,
        { cause: err },
      );
    throw new PdmError('PDM_DATA_INVALID', (err as Error).message, { cause: err });
  }
}

function optionalCell(csv: CsvData, name: string, row: number): string | null {
  if (!csv.names.includes(name)) return null;
  const v = getCsvColumn(csv, name).cell(row).trim();
  return v === '' ? null : v;
}

/** The row's `axis` (lower case), null when empty; an axis names a channel of a capture. */
function axisCell(csv: CsvData, r: number, where: (col: string) => string): string | null {
  const axis = optionalCell(csv, 'axis', r)?.toLowerCase() ?? null;
  if (axis !== null && optionalCell(csv, 'capture', r) === null)
    throw new PdmError(
      'PDM_DATA_INVALID',
      `${where('axis')}: axis ${axis} names a channel of a capture, and this row has no capture value: give the axes of one capture the same capture value (and each capture its own)`,
    );
  return axis;
}

export async function readEntries(
  path: string,
  runToFailure: boolean,
): Promise<{
  entries: Entry[];
  ignored: string[];
  timeOrigin: string | null;
}> {
  const csv = await readManifestCsv(path);
  const needed = runToFailure ? ['file', 'fs', 'rpm', 'machine', 'time'] : ['file', 'fs', 'rpm'];
  for (const need of needed) {
    if (!csv.names.includes(need)) {
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${path}: missing column "${need}"; expected columns ${needed.join(',')} (and optionally ${runToFailure ? 'label,load,scale,variable,bearing,location,axis,capture,failed,final_rul' : 'label,load,scale,machine,variable,bearing,location,axis,capture'}), found ${csv.names.length === 0 ? 'no columns (an empty file?)' : csv.names.join(',')}`,
      );
    }
  }
  // A column the import does not read is ignored (a manifest may carry notes), unless it looks
  // like a misspelt one (or is `time` without --run-to-failure), which would silently not apply.
  const always = ['file', 'fs', 'rpm', 'time'];
  const rtfOnly = ['failed', 'final_rul'];
  const optional = MANIFEST_COLUMNS.filter(
    (c) => !always.includes(c) && (runToFailure || !rtfOnly.includes(c)),
  );
  const known = [...new Set([...needed, ...optional])];
  const ignored = csv.names.filter((c) => !known.includes(c));
  if (ignored.includes('time')) {
    throw new PdmError(
      'PDM_DATA_INVALID',
      `${path}: a time column is read only with --run-to-failure (recordings of machines run to failure); add the flag, or drop or rename the column`,
    );
  }
  for (const c of ignored) {
    const near = nearestName(c.toLowerCase(), known);
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
  const scaleCol = csv.names.includes('scale') ? parseNumericColumn(csv, 'scale') : null;
  const finalRulCol =
    runToFailure && csv.names.includes('final_rul') ? parseNumericColumn(csv, 'final_rul') : null;
  const fileCol = getCsvColumn(csv, 'file');
  const labelCol = csv.names.includes('label') ? getCsvColumn(csv, 'label') : null;
  const base = dirname(path);
  const out: Entry[] = [];
  for (let r = 0; r < csv.rowCount; r++) {
    const line = csv.lines[r]!;
    const where = (col: string) => `${path}:${line}:${csv.names.indexOf(col) + 1} (${col})`;
    const file = fileCol.cell(r).trim();
    // `Inner race`, `Inner-Race` and `INNER_RACE` are the mode inner_race
    const rawLabel = labelCol?.cell(r).trim() ?? '';
    const label = rawLabel.toLowerCase().replace(/[\s-]+/g, '_');
    if (file === '') throw new PdmError('PDM_DATA_INVALID', `${where('file')}: empty file name`);
    if (!isMode(label) && label !== '')
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${where('label')}: unknown label "${rawLabel}"; expected one of ${MODES.join(', ')}`,
      );
    // An empty cell of a .mat recording: the rate the file records beside it (recordings.ts).
    const matFile = extname(file).toLowerCase() === '.mat';
    if (!(fs[r]! >= 100 && fs[r]! <= 10_000_000) && !(matFile && Number.isNaN(fs[r]!)))
      throw new PdmError(
        'PDM_DATA_INVALID',
        Number.isNaN(fs[r]!)
          ? `${where('fs')}: empty; every recording needs its sample rate, in Hz (a dataset's documentation gives it; an empty cell reads a .mat file's own sr or fs, and text files have none)`
          : `${where('fs')}: expected a sample rate in [100, 10000000] Hz, got ${fs[r]}`,
      );
    // An empty cell: speed unknown, estimated from each window's spectrum (q_speed_estimated).
    if (!Number.isNaN(rpm[r]!) && !(rpm[r]! > 0 && rpm[r]! < 100_000))
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${where('rpm')}: expected a shaft speed in (0, 100000) rpm, or an empty cell when unknown, got ${rpm[r]}`,
      );
    const l = load?.[r] ?? Number.NaN;
    // A fraction of rated load; horsepower or kW in its place (0-3 hp on a 2 hp rig) would be
    // read as a machine far beyond any rating
    if (!Number.isNaN(l) && !(l >= 0 && l <= 2))
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${where('load')}: expected the load as a fraction of the machine's rated load (0 to 2; 1 = full load), got ${l}; ` +
          'divide a power or torque by its rating (a 3 hp load on a 2 hp motor is 1.5), or leave the cell empty',
      );
    // Recordings in other units than g: m/s^2 (scale 0.10197), volts of a sensor of known
    // sensitivity (1 / (V/g)), counts of a converter
    const scale = Number.isNaN(scaleCol?.[r] ?? Number.NaN) ? 1 : scaleCol![r]!;
    if (!(scale > 0 && Number.isFinite(scale)))
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${where('scale')}: expected a factor > 0 that turns the recording's samples into g (0.10197 for m/s^2), or an empty cell for 1, got ${scale}`,
      );
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
    const finalRulH =
      finalRulCol === null || Number.isNaN(finalRulCol[r]!) ? null : finalRulCol[r]!;
    if (finalRulH !== null && !(finalRulH >= 0 && Number.isFinite(finalRulH)))
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${where('final_rul')}: expected the machine's remaining life at the end of its last recording, hours >= 0, got ${finalRulH}`,
      );
    if (finalRulH !== null && !FAILED_CELLS[failedCell as keyof typeof FAILED_CELLS])
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${where('final_rul')}: a machine whose records end without a failure (failed = no) has no known remaining life; leave final_rul empty or drop failed`,
      );
    out.push({
      line,
      file: isAbsolute(file) ? file : join(base, file),
      label,
      fsHz: fs[r]!,
      fsCell: where('fs'),
      rpm: rpm[r]!,
      load: l,
      scale,
      machine: machineCell ?? file,
      variable: optionalCell(csv, 'variable', r),
      bearing,
      timeH: time === null ? null : time[r]!,
      location: loc,
      axis: axisCell(csv, r, where),
      capture: optionalCell(csv, 'capture', r),
      machineGiven: machineCell !== null,
      failed: FAILED_CELLS[failedCell as keyof typeof FAILED_CELLS],
      finalRulH,
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
  if (runToFailure) checkMoments(out, path);
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
 * Run to failure, two recordings of one machine at one time that are not channels of one
 * capture would each claim that moment of its life: an error. (A recording listed twice is
 * found when the files are read, `import-waveforms.ts`, where a pattern is resolved.)
 */
function checkMoments(entries: readonly Entry[], path: string): void {
  const at = new Map<string, Entry>();
  for (const e of entries) {
    if (e.timeH === null) continue;
    const moment = `${e.machine}\u0000${e.timeH}`;
    const other = at.get(moment);
    if (other !== undefined && (e.capture === null || e.capture !== other.capture))
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${path}:${e.line}: machine ${e.machine} has a second recording at the time of line ${other.line} (${e.timeH} h); a machine has one capture per time: give the channels of one capture the same capture value, or correct the time`,
      );
    if (other === undefined) at.set(moment, e);
  }
}

/** A manifest bearing cell as written, or what an empty one stands for. */
function bearingText(b: BearingGeometry | null): string {
  return b === null
    ? 'the --bearing default (empty cell)'
    : `${b.balls} ${b.ballDiameterMm} ${b.pitchDiameterMm} ${b.contactAngleDeg}`;
}

/**
 * Recordings grouped into captures: those of one machine with the same `capture` value are the
 * channels of one capture (their windows make one feature row, fused over accelerometers as the
 * twin's are); the rest stand alone. Channels of a capture must agree on label, speed, load and
 * time, and hold one recording per accelerometer (per axis of it, where `axis` names them).
 */
export function captureGroups(entries: readonly Entry[], manifest: string): Entry[][] {
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
    const sameAt = g.find((c) => c.location === e.location && c.axis === e.axis);
    const unnamed = g.find(
      (c) => c.location === e.location && (c.axis === null) !== (e.axis === null),
    );
    const otherBearing = g.find(
      (c) => c.location === e.location && JSON.stringify(c.bearing) !== JSON.stringify(e.bearing),
    );
    // A clash of channels (the same one twice, a bearing), or of the capture's conditions.
    const clash =
      sameAt !== undefined
        ? `is a second ${e.location} recording${e.axis === null ? '' : ` of axis ${e.axis}`} as line ${sameAt.line} is` +
          (e.axis === null
            ? ' (one per location; two axes of one location need an axis column naming them)'
            : '') +
          ': each capture needs its own capture value, and each of its channels its own location and axis'
        : unnamed !== undefined
          ? `${e.axis === null ? 'names no axis' : `names axis ${e.axis}`} at ${e.location}, where line ${unnamed.line} ${unnamed.axis === null ? 'names none' : `names axis ${unnamed.axis}`}: name every axis of a location, or give it one channel`
          : otherBearing !== undefined
            ? `has bearing ${bearingText(e.bearing)} at ${e.location}, where line ${otherBearing.line} has ${bearingText(otherBearing.bearing)}: the axes of one location are one bearing`
            : null;
    const conditions =
      e.label !== first.label
        ? `has label ${e.label} where line ${first.line} says ${first.label}`
        : !same(e.rpm, first.rpm) || !same(e.load, first.load)
          ? `has another speed or load than line ${first.line}`
          : e.timeH !== first.timeH
            ? `has another time than line ${first.line}`
            : null;
    if (clash !== null)
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${manifest}:${e.line}: a channel of capture ${e.capture} (machine ${first.machine}) ${clash}`,
      );
    if (conditions !== null) {
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${manifest}:${e.line}: a channel of capture ${e.capture} (machine ${first.machine}) ${conditions}; the channels of one capture share label, speed, load and time`,
      );
    }
    g.push({ ...e, machine: first.machine });
  }
  return groups;
}
