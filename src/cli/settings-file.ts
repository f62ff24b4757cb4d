/**
 * A YAML (or JSON) settings file named on the command line (a training config, a costs file),
 * validated by its schema. Every failure is a coded error naming the file: a missing file, a
 * syntax error with its line and column, a value the schema refuses with its path.
 */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { PdmError } from '../core/errors.js';
import { formatIssues } from '../core/schema-issues.js';
import { parseYamlText } from '../core/yaml-text.js';
import { toFileError } from '../data/atomic-write.js';
import { binaryFileKind } from '../data/file-kind.js';

/** The text of a file named on the command line; `what` says what it is in errors. */
export async function readNamedFile(path: string, what: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new PdmError('PDM_FILE_NOT_FOUND', `${what} ${path} does not exist`);
    throw toFileError(err, `${what} ${path}`, 'read');
  }
  const kind = binaryFileKind(bytes.subarray(0, 4096));
  if (kind !== null)
    throw new PdmError(
      what === 'scenario file' ? 'PDM_SCENARIO_PARSE' : 'PDM_CONFIG_INVALID',
      `${what} ${path} is ${kind}, not text; expected YAML or JSON`,
    );
  return bytes.toString('utf8');
}

export async function readSettingsFile<S extends z.ZodType>(
  path: string,
  what: string,
  schema: S,
): Promise<z.output<S>> {
  const text = await readNamedFile(path, what);
  const value = parseYamlText(text, `${what} ${path}`, 'PDM_CONFIG_INVALID', {
    json: /\.json$/i.test(path),
  });
  // An empty file is more likely a truncated or wrong one than a wish for every default.
  if (value === null || value === undefined) {
    throw new PdmError(
      'PDM_CONFIG_INVALID',
      `${what} ${path} is empty; write {} to use every default`,
    );
  }
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new PdmError(
      'PDM_CONFIG_INVALID',
      `${what} ${path}: invalid:\n  ${formatIssues(r.error.issues, schema, value).join('\n  ')}`,
      { cause: r.error },
    );
  }
  return r.data;
}
