/** Parsers for CLI option values: each names the flag and the expected form in its error. */
import { InvalidArgumentError, Option } from 'commander';

export function numberOption(flag: string, min = -Infinity, max = Infinity) {
  return (value: string): number => {
    const x = Number(value);
    if (value.trim() === '' || !Number.isFinite(x) || x < min || x > max) {
      const range =
        min === -Infinity && max === Infinity
          ? 'a number'
          : max === Infinity
            ? `a number >= ${min}`
            : `a number in [${min}, ${max}]`;
      throw new InvalidArgumentError(`${flag} expects ${range}, got "${value}".`);
    }
    return x;
  };
}

export function integerOption(flag: string, min = -Infinity, max = Infinity) {
  const parse = numberOption(flag, min, max);
  return (value: string): number => {
    const x = parse(value);
    if (!Number.isInteger(x))
      throw new InvalidArgumentError(`${flag} expects an integer, got "${value}".`);
    return x;
  };
}

/** Most names one numbered range may stand for (a typo such as `s1..s2100` stops here). */
const MAX_RANGE_NAMES = 10_000;

/**
 * A numbered range, `s1..s21` (or `s1..21`) for s1, s2, ..., s21: the same prefix, ascending
 * numbers, a leading zero keeping the width (`s01..s12`); null for any other name (another
 * prefix at the end, numbers of more than 15 digits).
 */
function numberedRange(token: string): string[] | null {
  const m = /^(.*?)(\d+)\.\.(.*?)(\d+)$/.exec(token);
  if (m === null) return null;
  const [, prefix, a, prefix2, b] = m as unknown as [string, string, string, string, string];
  // another prefix at the end (`1.5..2.5`, `v1..w2`), or numbers past exact integers: a name
  if ((prefix2 !== '' && prefix2 !== prefix) || a.length > 15 || b.length > 15) return null;
  const from = Number(a);
  const to = Number(b);
  if (!(to >= from))
    throw new InvalidArgumentError(
      `"${token}": a range counts up (${prefix}${b}..${prefix}${a}?); in double quotes it is one name.`,
    );
  if (to - from + 1 > MAX_RANGE_NAMES)
    throw new InvalidArgumentError(
      `"${token}": ${to - from + 1} names, more than ${MAX_RANGE_NAMES} in one range; in double quotes it is one name.`,
    );
  // a leading zero at either end sets the width (s01..s12, s1..s012)
  const padded = (d: string) => (d.length > 1 && d.startsWith('0') ? d.length : 0);
  const width = Math.max(padded(a), padded(b));
  return Array.from(
    { length: to - from + 1 },
    (_, k) => prefix + String(from + k).padStart(width, '0'),
  );
}

/**
 * A comma-separated list of column names, each trimmed, empty entries dropped. A name holding a
 * comma goes in double quotes, as in a CSV line (`"Torque, Nm",UDI`; `""` inside for a quote).
 * A numbered range stands for its names (`unit,cycle,op1..op3,s1..s21`: 26 names); quoted, it
 * is one name.
 */
export function nameList(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let wasQuoted = false;
  const push = (): void => {
    const name = cur.trim();
    const range = wasQuoted ? null : numberedRange(name);
    if (range !== null) out.push(...range);
    else if (name !== '') out.push(name);
    cur = '';
    wasQuoted = false;
  };
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (quoted) {
      if (ch === '"' && value[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur.trim() === '') {
      quoted = true;
      wasQuoted = true;
      cur = '';
    } else if (ch === ',') push();
    else cur += ch;
  }
  if (quoted) throw new InvalidArgumentError(`a quote opened in "${value}" is not closed.`);
  push();
  return out;
}

export function choiceOption<T extends string>(flag: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value))
      throw new InvalidArgumentError(
        `${flag} expects one of ${choices.join(', ')}, got "${value}".`,
      );
    return value as T;
  };
}

/** `--split` of the commands that run a bundle on a dataset (evaluate, predict). */
export function scoredSplitOption(defaultSplit: 'test' | 'all'): Option {
  return new Option('--split <split>', 'train, validation, test or all')
    .argParser(choiceOption('--split', ['train', 'validation', 'test', 'all'] as const))
    .default(defaultSplit);
}

/** `--format parquet|csv` (default parquet): how a command writes its tables. */
export function tableFormatOption(description: string): Option {
  return new Option('--format <format>', description)
    .argParser(choiceOption('--format', ['parquet', 'csv'] as const))
    .default('parquet');
}

/** `--classes a,b,c` as evaluate and predict take it: the diagnosis's classes, when given. */
export function faultClassesOption(list: string | undefined): {
  faultClasses?: readonly string[];
} {
  if (list === undefined) return {};
  return {
    faultClasses: list
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c !== ''),
  };
}
