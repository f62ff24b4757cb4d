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

/**
 * A comma-separated list of column names, each trimmed, empty entries dropped. A name holding a
 * comma goes in double quotes, as in a CSV line (`"Torque, Nm",UDI`; `""` inside for a quote).
 */
export function nameList(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
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
      cur = '';
    } else if (ch === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (quoted) throw new InvalidArgumentError(`a quote opened in "${value}" is not closed.`);
  out.push(cur.trim());
  return out.filter((s) => s !== '');
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
