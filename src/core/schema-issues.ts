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

/** One line per issue: `path: message`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((i) => {
    let msg = i.message;
    if (i.code === 'unrecognized_keys')
      msg = `unknown key(s) ${i.keys.map((k) => `"${k}"`).join(', ')}`;
    return `${formatPath(i.path)}: ${msg}`;
  });
}
