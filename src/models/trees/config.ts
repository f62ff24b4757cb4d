/**
 * Validation of learner configs (from code, JSON or YAML) against their zod schemas: unknown
 * keys are errors, defaults come from the schema, and the result is frozen.
 */
import type { z } from 'zod';
import { PdmError } from '../../core/errors.js';

export function parseConfig<S extends z.ZodType>(
  schema: S,
  input: unknown,
  name: string,
): Readonly<z.output<S>> {
  const r = schema.safeParse(input ?? {});
  if (!r.success) {
    const lines = r.error.issues.map((i) => {
      const path = i.path.map(String).join('.');
      const msg =
        i.code === 'unrecognized_keys'
          ? `unknown key(s) ${i.keys.map((k) => `"${k}"`).join(', ')}`
          : i.message;
      return `${name}${path === '' ? '' : '.' + path}: ${msg}`;
    });
    throw new PdmError('PDM_INPUT_INVALID', lines.join('; '), { cause: r.error });
  }
  return Object.freeze(r.data);
}
