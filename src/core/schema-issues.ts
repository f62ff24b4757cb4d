/** Zod validation issues as the one-line `path: message` texts every error message uses. */
import type { z } from 'zod';

/** Formats a zod path as `a.b[2].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment): insertions, deletions,
 * substitutions and swaps of two neighbours each count 1, so "sede" is 1 from "seed".
 */
export function editDistance(a: string, b: string): number {
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(
        prev[j]! + 1,
        row[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** The known name a misspelt one most likely meant (edit distance 1, or 2 beyond 4 letters). */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d <= (k.length > 4 ? 2 : 1) && d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

/** Internals of a zod 4 schema that the key walk reads (all optional: it goes where it can). */
interface Def {
  type?: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The value at `key` of an input, where it is an object or array (else undefined). */
function child(value: unknown, key: PropertyKey): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<PropertyKey, unknown>)[key]
    : undefined;
}

/**
 * The object schemas a value at `path` of `schema` may be checked by (several for unions); with
 * the input `value`, a discriminated union keeps the branch its discriminator selects.
 */
function objectsAt(
  schema: z.ZodType,
  path: readonly PropertyKey[],
  value: unknown,
  depth = 0,
): Def[] {
  if (depth > 64) return [];
  const d = defOf(schema);
  const at = (s: z.ZodType, p: readonly PropertyKey[], v: unknown) => objectsAt(s, p, v, depth + 1);
  // a pipe (a preprocess or transform and the schema around it): either side may hold the keys
  if (d.type === 'pipe' && d.in !== undefined && d.out !== undefined)
    return [...at(d.in, path, value), ...at(d.out, path, value)];
  const inner = d.innerType ?? d.in ?? (d.getter === undefined ? undefined : d.getter());
  if (inner !== undefined && d.type !== 'object') return at(inner, path, value);
  if (d.options !== undefined) {
    const tag = d.discriminator === undefined ? undefined : child(value, d.discriminator);
    const chosen = d.options.filter((o) => {
      const literal = defOf(o).shape?.[d.discriminator ?? ''];
      return literal !== undefined && (defOf(literal).values ?? []).includes(tag);
    });
    return (chosen.length > 0 ? chosen : d.options).flatMap((o) => at(o, path, value));
  }
  if (d.left !== undefined && d.right !== undefined)
    return [...at(d.left, path, value), ...at(d.right, path, value)];
  if (path.length === 0) return d.type === 'object' && d.shape !== undefined ? [d] : [];
  const [head, ...rest] = path;
  const next = child(value, head!);
  if (d.type === 'object' && d.shape !== undefined && typeof head === 'string') {
    const field = d.shape[head];
    return field === undefined ? [] : at(field, rest, next);
  }
  if (d.type === 'array' && d.element !== undefined) return at(d.element, rest, next);
  if (d.type === 'record' && d.valueType !== undefined) return at(d.valueType, rest, next);
  return [];
}

/**
 * One line per issue: `path: message`. With the schema that raised them (and the input it
 * checked, which picks a discriminated union's branch), an unknown key gets the known key it
 * most likely meant (`unknown key(s) "sede": did you mean "seed"?`).
 */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  schema?: z.ZodType,
  input?: unknown,
): string[] {
  return issues.map((i) => {
    let msg = i.message;
    if (i.code === 'unrecognized_keys') {
      msg = `unknown key(s) ${i.keys.map((k) => `"${k}"`).join(', ')}`;
      if (schema !== undefined) {
        const known = [
          ...new Set(objectsAt(schema, i.path, input).flatMap((d) => Object.keys(d.shape ?? {}))),
        ];
        const hints = i.keys.flatMap((k) => {
          const near = nearestName(k, known);
          return near === undefined ? [] : [`"${near}"`];
        });
        if (hints.length > 0) msg += `: did you mean ${hints.join(', ')}?`;
      }
    }
    // what was given, where the message says only its kind ("expected number, received
    // string"), and for a choice of names the one most likely meant
    if (input !== undefined && (i.code === 'invalid_type' || i.code === 'invalid_value')) {
      const given = i.path.reduce<unknown>((v, k) => child(v, k), input);
      if (given !== undefined && (typeof given !== 'object' || given === null)) {
        // (zod's "received string" gives the kind alone: the value says more)
        msg = `${msg.replace(/, received \w+$/, '')}, got ${JSON.stringify(given)}`;
        if (i.code === 'invalid_value' && typeof given === 'string') {
          const near = nearestName(
            given,
            i.values.filter((v): v is string => typeof v === 'string'),
          );
          if (near !== undefined) msg += `: did you mean "${near}"?`;
        }
      }
    }
    return `${formatPath(i.path)}: ${msg}`;
  });
}
