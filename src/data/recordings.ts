/**
 * The samples of one recording of `import waveforms`: a one-column CSV of acceleration in g, a
 * CSV with an `accel_g` column (and then a `t` column, if present, must agree with `fs`), a
 * column of a multi-column text file, or a MATLAB .mat file's numeric vector picked by name or
 * regular expression; and the shaft speed a .mat file records beside its signals.
 */
import { extname } from 'node:path';
import { PdmError } from '../core/errors.js';
import type { CsvData } from './csv.js';
import { parseNumericColumn, readCsvFile } from './csv.js';
import type { MatFile, MatVariable } from './mat5.js';
import { readMatFile } from './mat5.js';
import type { Entry } from './waveform-manifest.js';

/** How many values a MATLAB variable holds. */
function elementCount(v: MatVariable): number {
  return v.dims.reduce((a, b) => a * b, 1);
}

/** The variables of a MATLAB file that can be a recording: long, numeric. */
function recordingCandidates(mat: MatFile): MatVariable[] {
  return mat.variables.filter(
    (v) => v.className !== 'char' && v.className !== 'struct' && elementCount(v) > 1000,
  );
}

/**
 * The shaft speed a MATLAB file records beside its signals: a single number in a variable whose
 * name ends in RPM (as `X097RPM` in the Case Western bearing files); of several (CWRU's X098RPM
 * and X099RPM), the one whose prefix the recording's variable `name` starts with (X099_DE_time).
 * A record-numbered speed (`X099RPM`) is never given to another record's signal (`X098_DE_time`,
 * in a file that holds both records and one speed). NaN when there is none (the speed is then
 * estimated from each window's spectrum).
 */
function matRpm(mat: MatFile, name: string | null): number {
  const own = (v: { name: string }) => name !== null && name.startsWith(v.name.slice(0, -3));
  let rpm = mat.variables.filter((v) => /rpm$/i.test(v.name) && elementCount(v) === 1);
  if (rpm.length > 1 && name !== null) rpm = rpm.filter((v) => v.name.length > 3 && own(v));
  const record = /^X\d+_/.test(name ?? '');
  if (rpm.length === 1 && record && /^X\d+RPM$/i.test(rpm[0]!.name) && !own(rpm[0]!))
    return Number.NaN;
  if (rpm.length !== 1) return Number.NaN;
  const v = mat.numericVector(rpm[0]!.name)[0]!;
  return v > 0 && v < 100_000 ? v : Number.NaN;
}

/** Names a MATLAB file gives its sample rate (MFPT's `bearing.sr`), in any case. */
const RATE_NAMES = /^(sr|fs|samplerate|sample_rate|samplingrate|sampling_rate|samplingfrequency)$/i;

/**
 * The sample rate a MATLAB file records beside the recording `name`: the variable named as in
 * RATE_NAMES that holds a single positive number, in the recording's own struct, else at the
 * top level, and its value in Hz (and `conflict`, naming two such variables more than 1 %
 * apart); when none holds one, such a variable that holds something else (text, several
 * values, 0), with NaN; null and NaN when there is none.
 */
function matRate(
  mat: MatFile,
  name: string,
): { variable: MatVariable | null; hz: number; conflict: string | null } {
  const struct = name.includes('.') ? name.slice(0, name.lastIndexOf('.') + 1) : '';
  const rates = mat.variables.filter((v) => {
    const at = v.name.lastIndexOf('.') + 1;
    return RATE_NAMES.test(v.name.slice(at)) && (at === 0 || v.name.slice(0, at) === struct);
  });
  const single = (v: MatVariable) =>
    v.className !== 'char' && v.className !== 'struct' && elementCount(v) === 1;
  // a single positive number first (a unit written beside it as text, `Fs = 'Hz'`, hides
  // nothing), the recording's own struct before the top level
  const valid = rates.filter((v) => single(v) && mat.scalar(v.name) > 0);
  const own = valid.find((v) => v.name.includes('.')) ?? valid[0];
  if (own !== undefined) {
    const hz = mat.scalar(own.name);
    const other = valid.find((v) => Math.abs(mat.scalar(v.name) / hz - 1) > 0.01);
    return {
      variable: own,
      hz,
      conflict:
        other === undefined
          ? null
          : `${own.name} = ${hz} and ${other.name} = ${mat.scalar(other.name)}`,
    };
  }
  return {
    variable: rates.find((v) => v.name.includes('.')) ?? rates[0] ?? null,
    hz: Number.NaN,
    conflict: null,
  };
}

/** What a rate variable holds that is not a sample rate, for messages. */
function rateValue(mat: MatFile, v: MatVariable): string {
  if (v.className === 'char') return 'text';
  if (v.className === 'struct') return 'a struct';
  if (elementCount(v) !== 1) return `${elementCount(v)} values`;
  return String(mat.scalar(v.name));
}

/**
 * The recording's sample rate: the manifest's, or for an empty cell the one the .mat file
 * records beside it. Stops where the file's rate contradicts the manifest's (more than 1 % off:
 * every frequency of the features would be off by as much), or an empty cell finds none.
 */
function checkMatRate(mat: MatFile, name: string, e: Entry): number {
  const { variable, hz, conflict } = matRate(mat, name);
  if (Number.isNaN(e.fsHz)) {
    if (conflict !== null)
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${e.fsCell}: empty, and ${e.file} records two sample rates beside ${name} (${conflict}); give the right one in Hz`,
      );
    // an empty cell: the file's own rate, which must be there and plausible
    if (variable === null)
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${e.fsCell}: empty, and ${e.file} records no sample rate beside ${name} (a single number named sr, fs, sample_rate or sampleRate, in its struct or at the top level); give its rate in Hz`,
      );
    if (!(hz >= 100 && hz <= 10_000_000))
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${e.fsCell}: empty, and ${e.file}'s ${variable.name} beside ${name} holds ${rateValue(mat, variable)}, not a sample rate in [100, 10000000] Hz; give its rate in Hz`,
      );
    return hz;
  }
  if (Number.isFinite(hz) && !(Math.abs(hz / e.fsHz - 1) < 0.01))
    throw new PdmError(
      'PDM_DATA_INVALID',
      `${e.fsCell}: fs says ${e.fsHz} Hz but ${e.file} records a sample rate of ${hz} Hz beside ${name} (${variable!.name}); give the file's rate in fs, or leave the cell empty to read it`,
    );
  return e.fsHz;
}

/** The speed a file records beside the recording `variable` names (see matRpm); NaN for text. */
export async function recordedRpm(file: string, variable: string | null = null): Promise<number> {
  if (extname(file).toLowerCase() !== '.mat') return Number.NaN;
  const mat = await readMatFile(file);
  return matRpm(mat, variable === null ? null : mat.selectVariable(variable));
}

/**
 * The samples of one recording, in g, the speed its file records beside it (`rpm`, NaN when
 * none: a text file, or a .mat file without one), its sample rate (`fsHz`: the manifest's, or a
 * .mat file's own for an empty cell), the variable read (a .mat file's, as the manifest's
 * pattern or empty cell resolved; a text file's column as given) and the signal it is
 * (`signal`: the .mat variable, or `column k` of a text file, however the manifest named it),
 * from one parse.
 */
export async function readRecording(
  e: Entry,
  manifestPath: string,
): Promise<{
  samples: Float64Array;
  rpm: number;
  fsHz: number;
  variable: string | null;
  signal: string;
}> {
  const ext = extname(e.file).toLowerCase();
  if (ext === '.mat') {
    const mat = await readMatFile(e.file);
    if (e.variable === null) {
      const numeric = recordingCandidates(mat);
      if (numeric.length !== 1) {
        throw new PdmError(
          'PDM_DATA_INVALID',
          `${manifestPath}:${e.line}: ${e.file} holds ${numeric.length} long numeric variables (${numeric.map((v) => v.name).join(', ')}); name one in the manifest's variable column`,
        );
      }
      return {
        samples: mat.numericVector(numeric[0]!.name),
        rpm: matRpm(mat, null),
        fsHz: checkMatRate(mat, numeric[0]!.name, e),
        variable: numeric[0]!.name,
        signal: numeric[0]!.name,
      };
    }
    const name = mat.selectVariable(e.variable);
    const x = mat.numericVector(name);
    if (x.length === 1)
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${manifestPath}:${e.line}: variable ${e.variable}: ${e.file}'s ${name} holds one value, not a recording; name the vector of samples (${recordingCandidates(
          mat,
        )
          .map((v) => v.name)
          .join(', ')})`,
      );
    return {
      samples: x,
      rpm: matRpm(mat, name),
      fsHz: checkMatRate(mat, name, e),
      variable: name,
      signal: name,
    };
  }
  const text = await readTextRecording(e, manifestPath);
  return {
    samples: text.samples,
    rpm: Number.NaN,
    fsHz: e.fsHz,
    variable: e.variable,
    signal: `column ${text.column}`,
  };
}

/** The samples of a text recording (see the file header). */
async function readTextRecording(
  e: Entry,
  manifestPath: string,
): Promise<{ samples: Float64Array; column: number }> {
  // A first line of numbers is data: the file has no header (hour, minute and second columns
  // may well repeat a value there, which as names would clash).
  const csv = await readCsvFile(e.file, { sep: 'auto', header: 'auto' });
  const headerless = !csv.hasHeader;
  const where = `${manifestPath}:${e.line}`;
  if (csv.rowCount === 0) {
    throw new PdmError(
      'PDM_DATA_INVALID',
      `${where}: ${e.file} holds no samples${csv.names.length > 0 && csv.hasHeader ? ' (a header line only)' : ''}`,
    );
  }
  if (e.variable !== null) {
    // The manifest names the column: a header name, or a 1-based column number.
    const k = /^\d+$/.test(e.variable) ? Number(e.variable) - 1 : csv.names.indexOf(e.variable);
    if (!(k >= 0 && k < csv.names.length)) {
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${where}: variable ${e.variable}: ${e.file} has ${headerless ? `no header and ${csv.names.length} columns (name one by number, 1-${csv.names.length})` : `no such column; columns: ${csv.names.join(', ')}`}`,
      );
    }
    return { samples: withBlankLinesAsGaps(csv, parseNumericColumn(csv, k)), column: k + 1 };
  }
  if (csv.names.length === 1)
    return { samples: withBlankLinesAsGaps(csv, parseNumericColumn(csv, 0)), column: 1 };
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
          `${e.fsCell}: fs says ${e.fsHz} Hz but the t column of ${e.file} is sampled at ${fsFile.toPrecision(6)} Hz`,
        );
      }
    }
  }
  return {
    samples: withBlankLinesAsGaps(csv, parseNumericColumn(csv, 'accel_g')),
    column: csv.names.indexOf('accel_g') + 1,
  };
}

/**
 * A recording's samples with a missing sample (NaN) for every blank line between two of its
 * rows: the CSV reader skips blank lines, and a sample left out of a one-column recording would
 * shift every later one in time and go unreported, where a gap is flagged by the quality
 * checks (`q_gap_fraction`). Blank lines before the first row and after the last are layout.
 */
function withBlankLinesAsGaps(csv: CsvData, x: Float64Array): Float64Array {
  const lines = csv.lines;
  let gaps = 0;
  for (let i = 1; i < x.length; i++) gaps += lines[i]! - lines[i - 1]! - 1;
  if (gaps === 0) return x;
  const out = new Float64Array(x.length + gaps).fill(Number.NaN);
  let j = 0;
  for (let i = 0; i < x.length; i++) {
    if (i > 0) j += lines[i]! - lines[i - 1]! - 1;
    out[j++] = x[i]!;
  }
  return out;
}
