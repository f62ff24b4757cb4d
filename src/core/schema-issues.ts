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
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The object schemas a value at `path` of `schema` may be checked by (several for unions). */
function objectsAt(schema: z.ZodType, path: readonly PropertyKey[], depth = 0): Def[] {
  if (depth > 64) return [];
  const d = defOf(schema);
  // a pipe (a preprocess or transform and the schema around it): either side may hold the keys
  if (d.type === 'pipe' && d.in !== undefined && d.out !== undefined)
    return [...objectsAt(d.in, path, depth + 1), ...objectsAt(d.out, path, depth + 1)];
  const inner = d.innerType ?? d.in ?? (d.getter === undefined ? undefined : d.getter());
  if (inner !== undefined && d.type !== 'object') return objectsAt(inner, path, depth + 1);
  if (d.options !== undefined) return d.options.flatMap((o) => objectsAt(o, path, depth + 1));
  if (d.left !== undefined && d.right !== undefined)
    return [...objectsAt(d.left, path, depth + 1), ...objectsAt(d.right, path, depth + 1)];
  if (path.length === 0) return d.type === 'object' && d.shape !== undefined ? [d] : [];
  const [head, ...rest] = path;
  if (d.type === 'object' && d.shape !== undefined && typeof head === 'string') {
    const next = d.shape[head];
    return next === undefined ? [] : objectsAt(next, rest, depth + 1);
  }
  if (d.type === 'array' && d.element !== undefined) return objectsAt(d.element, rest, depth + 1);
  if (d.type === 'record' && d.valueType !== undefined)
    return objectsAt(d.valueType, rest, depth + 1);
  return [];
}

/**
 * One line per issue: `path: message`. With the schema that raised them, an unknown key gets the
 * known key it most likely meant (`unknown key(s) "sede": did you mean "seed"?`).
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], schema?: z.ZodType): string[] {
  return issues.map((i) => {
    let msg = i.message;
    if (i.code === 'unrecognized_keys') {
      msg = `unknown key(s) ${i.keys.map((k) => `"${k}"`).join(', ')}`;
      if (schema !== undefined) {
        const known = [
          ...new Set(objectsAt(schema, i.path).flatMap((d) => Object.keys(d.shape ?? {}))),
        ];
        const hints = i.keys.flatMap((k) => {
          const near = nearestName(k, known);
          return near === undefined ? [] : [`"${near}"`];
        });
        if (hints.length > 0) msg += `: did you mean ${hints.join(', ')}?`;
      }
    }
    return `${formatPath(i.path)}: ${msg}`;
  });
}
