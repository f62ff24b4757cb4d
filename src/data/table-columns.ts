/**
 * Readers of one column of an imported table, each naming file:line:column when a cell is not
 * what it should be: the true-RUL file of a test set, a time column of numbers or ISO 8601
 * date-times, numbers or a category, and class labels.
 */
import { readFile } from 'node:fs/promises';
import { PdmError } from '../core/errors.js';
import type { CsvData } from './csv.js';
import { cellWhere, getCsvColumn, parseNumericColumn } from './csv.js';

export async function readFinalRul(path: string, units: number): Promise<number[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new PdmError('PDM_FILE_NOT_FOUND', `--final-rul file ${path} does not exist`);
    throw new PdmError('PDM_IO', `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  const values: number[] = [];
  const lines = text.split(/\r?\n/);
  // blank lines before the last value: each one a unit's value left out, or a stray line
  let last = lines.length - 1;
  while (last >= 0 && lines[last]!.trim() === '') last--;
  const blank = lines.slice(0, last + 1).flatMap((l, i) => (l.trim() === '' ? [i + 1] : []));
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t === '') return;
    const v = Number(t.split(/[\s,;]+/)[0]);
    if (!Number.isFinite(v) || v < 0)
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${path}:${i + 1}: expected a RUL value >= 0, got "${t}"`,
      );
    values.push(v);
  });
  if (values.length !== units) {
    throw new PdmError(
      'PDM_DATA_INVALID',
      `${path}: has ${values.length} RUL values but the table has ${units} units (one value per unit, in order of first appearance)${blank.length > 0 ? `; line${blank.length > 1 ? 's' : ''} ${blank.slice(0, 5).join(', ')}${blank.length > 5 ? ', ...' : ''} ${blank.length > 1 ? 'are' : 'is'} blank` : ''}`,
    );
  }
  return values;
}

/** ISO 8601 date-times as tables write them: a date, optionally a time, optionally a zone. */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** Milliseconds since 1970 (UTC when no zone is given) of a DATE_TIME match; NaN if invalid. */
function dateTimeMs(m: RegExpExecArray): number {
  const [, y, mo, d, h = '0', mi = '0', sec = '0', zone] = m;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC, which reads years 0-99 as 1900-1999.
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  // 2015-02-30 would roll over to March: refuse dates that do not exist.
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return NaN;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) >= 60) return NaN;
  let offsetMin = 0;
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const z = zone.replace(':', '');
    const zh = Number(z.slice(1, 3));
    const zm = z.length > 3 ? Number(z.slice(3, 5)) : 0;
    if (zh > 14 || zm > 59) return NaN;
    offsetMin = (z[0] === '-' ? -1 : 1) * (zh * 60 + zm);
  }
  return date.getTime() + ((Number(h) * 60 + Number(mi) - offsetMin) * 60 + Number(sec)) * 1000;
}

/**
 * The time column: numbers as they are, or ISO 8601 date-times (`2015-01-01 06:00:00`, with
 * `T`, seconds, fractions and a zone optional; UTC when none) as hours since the earliest, with
 * that instant as `origin`.
 */
export function readTimeColumn(
  csv: CsvData,
  name: string,
): { t: Float64Array; origin: string | null } {
  let t: Float64Array;
  try {
    t = readNumbers(csv, name);
  } catch (err) {
    const col = getCsvColumn(csv, name);
    // The first non-empty cell says whether the column holds date-times.
    let first = '';
    for (let r = 0; r < col.length && first === ''; r++) first = col.cell(r).trim();
    if (!DATE_TIME.test(first)) {
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${(err as Error).message}; a time column holds numbers (hours, cycles) or ISO 8601 ` +
          'date-times such as 2015-01-01 06:00:00 (other forms, as 1/1/2015 6:00:00 AM, need converting first)',
        { cause: err },
      );
    }
    const ms = new Float64Array(col.length);
    for (let r = 0; r < col.length; r++) {
      const text = col.cell(r).trim();
      const m = DATE_TIME.exec(text);
      const v = m === null ? NaN : dateTimeMs(m);
      if (!Number.isFinite(v)) {
        throw new PdmError(
          'PDM_DATA_INVALID',
          `${cellWhere(csv, col, r)}: cannot read "${text}" as a date-time; ` +
            "expected an ISO 8601 date-time like the column's first one, e.g. 2015-01-01 06:00:00 or 2015-01-01T06:00:00+02:00",
        );
      }
      ms[r] = v;
    }
    let min = Infinity;
    for (const v of ms) min = Math.min(min, v);
    return {
      t: Float64Array.from(ms, (v) => (v - min) / 3_600_000),
      origin: new Date(min).toISOString(),
    };
  }
  // A row without a time cannot be placed in its unit's life (its order, its remaining life).
  const col = getCsvColumn(csv, name);
  for (let r = 0; r < t.length; r++) {
    if (!Number.isFinite(t[r]!)) {
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${cellWhere(csv, col, r)}: expected a time (a finite number), got "${col.cell(r).trim()}"`,
      );
    }
  }
  return { t, origin: null };
}

/**
 * A column's numbers; in a file whose fields are not separated by commas (`;`, as spreadsheets
 * in much of Europe write them, tabs or spaces), a column whose cells need it is read with a
 * decimal comma (`1,5` is 1.5). A column that reads neither way throws the plain reading's error.
 */
export function readNumbers(csv: CsvData, name: string): Float64Array {
  try {
    return parseNumericColumn(csv, name);
  } catch (err) {
    if (csv.separator === ',') {
      const m = /cannot read "\s*[+-]?\d+,\d+\s*" as a number$/.test((err as Error).message);
      if (!m) throw err;
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${(err as Error).message}: a decimal comma in a comma-separated file; write the file with decimal points, or with ; between fields (its numbers are then read with either mark)`,
        { cause: err },
      );
    }
    try {
      return parseNumericColumn(csv, name, { decimal: ',' });
    } catch {
      throw err;
    }
  }
}

/**
 * Reads a column as numbers, or as a category when it is text with few distinct values. A
 * column where some cells are numbers is a numeric column with bad cells, not a category: the
 * first unreadable cell is an error naming it (one "err" in a column of 0/1/2 readings must not
 * turn a sensor into category codes).
 */
export function numericOrCategory(
  csv: CsvData,
  name: string,
  maxCategories: number,
): { values: Float64Array; categories: string[] | null } {
  try {
    return { values: readNumbers(csv, name), categories: null };
  } catch (err) {
    const cells = getCsvColumn(csv, name)
      .toArray()
      .map((c) => c.trim());
    const distinct = [...new Set(cells)].sort();
    // numbers with a decimal comma in a comma-separated file are quoted cells such as "1,5"
    const someNumber = distinct.some(
      (c) => c !== '' && Number.isFinite(Number(c.replace(/^([+-]?\d+),(\d+)$/, '$1.$2'))),
    );
    if (distinct.length > maxCategories && !someNumber) {
      // text throughout, too varied for a category: an identifier, a free-text note
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${(err as Error).message}; the column holds text with ${distinct.length} distinct values, ` +
          `more than a category's ${maxCategories} (an identifier?): leave it out with --exclude "${name}"`,
        { cause: err },
      );
    }
    if (distinct.length > maxCategories || someNumber) throw err;
    const index = new Map(distinct.map((v, i) => [v, i]));
    return { values: Float64Array.from(cells, (c) => index.get(c)!), categories: distinct };
  }
}

/** Cells that mean "no value" in a label column. */
const MISSING_LABELS = new Set(['', 'na', 'nan', 'null', '?']);

/** The unit of every row, trimmed; an empty cell is an error (it would make a unit of its own). */
export function readUnits(csv: CsvData, name: string): string[] {
  const col = getCsvColumn(csv, name);
  return col.toArray().map((cell, r) => {
    const id = cell.trim();
    if (id === '')
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${cellWhere(csv, col, r)}: expected the row's unit, got an empty cell`,
      );
    return id;
  });
}

/**
 * The class of every row; a missing label names its cell, unless `emptyAs` says what an empty
 * cell is (a log joined with its failures: empty where none). A column that holds only 0/1
 * flags (`0`, `1`, `0.0`, `1.0`, `true`, `false`) reads them as normal/failure; any other
 * column keeps its values as class names, codes included (`0`..`5` stay six classes; name the
 * healthy one with `--normal-class`).
 */
export function readLabels(csv: CsvData, name: string, emptyAs?: string): string[] {
  const col = getCsvColumn(csv, name);
  const cells = col.toArray().map((cell, r) => {
    if (emptyAs !== undefined && cell.trim() === '') return emptyAs;
    if (MISSING_LABELS.has(cell.trim().toLowerCase())) {
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${cellWhere(csv, col, r)}: no label ("${cell}"); every row needs a class (or a 0/1 flag): label it or leave the row out`,
      );
    }
    return cell.trim();
  });
  const flags = cells.every((c) => c === emptyAs || flagValue(c) !== undefined);
  return flags ? cells.map((c) => (c === emptyAs ? c : flagValue(c)!)) : cells;
}

function flagValue(t: string): string | undefined {
  if (t === '0' || t === '0.0' || t.toLowerCase() === 'false') return 'normal';
  if (t === '1' || t === '1.0' || t.toLowerCase() === 'true') return 'failure';
  return undefined;
}
