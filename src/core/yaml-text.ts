/**
 * YAML (a superset of JSON) text to a plain value, for the files users write: scenarios, training
 * configs, costs. Duplicate keys are errors; a syntax error is a coded error naming the source
 * with the line and column of the first problem.
 */
import { parseDocument } from 'yaml';
import type { ErrorCode } from './errors.js';
import { PdmError } from './errors.js';

export function parseYamlText(
  text: string,
  source: string,
  code: ErrorCode,
  opts: { merge?: boolean } = {},
): unknown {
  const doc = parseDocument(text, {
    prettyErrors: true,
    uniqueKeys: true,
    ...(opts.merge === undefined ? {} : { merge: opts.merge }),
  });
  const err = doc.errors[0];
  if (err !== undefined) {
    const pos = err.linePos?.[0];
    throw new PdmError(
      code,
      `${source}${pos === undefined ? '' : `:${pos.line}:${pos.col}`}: ${err.message.split('\n')[0] ?? err.message}`,
      { cause: err },
    );
  }
  return doc.toJS();
}
