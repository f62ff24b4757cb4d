/**
 * A YAML (or JSON) settings file named on the command line (a training config, a costs file),
 * validated by its schema. Every failure is a coded error naming the file: a missing file, a
 * syntax error with its line and column, a value the schema refuses with its path.
 */
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { PdmError } from '../core/errors.js';
import { formatIssues } from '../core/schema-issues.js';
import { toFileError } from '../data/atomic-write.js';

export async function readSettingsFile<S extends z.ZodType>(
  path: string,
  what: string,
  schema: S,
): Promise<z.output<S>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new PdmError('PDM_FILE_NOT_FOUND', `${what} ${path} does not exist`);
    throw toFileError(err, `${what} ${path}`, 'read');
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const err = doc.errors[0];
  if (err !== undefined) {
    const pos = err.linePos?.[0];
    throw new PdmError(
      'PDM_USAGE',
      `${what} ${path}${pos === undefined ? '' : `:${pos.line}:${pos.col}`}: ${err.message.split('\n')[0] ?? err.message}`,
      { cause: err },
    );
  }
  const r = schema.safeParse(doc.toJS() ?? {});
  if (!r.success) {
    throw new PdmError(
      'PDM_USAGE',
      `${what} ${path}: invalid:\n  ${formatIssues(r.error.issues).join('\n  ')}`,
      { cause: r.error },
    );
  }
  return r.data;
}
