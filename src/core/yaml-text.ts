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
  opts: { merge?: boolean; json?: boolean } = {},
): unknown {
  // A .json file is held to JSON: YAML's flow syntax would pass a trailing comma or a comment,
  // which other tools then refuse to read
  if (opts.json === true) checkJson(text, source, code);
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
      // The first line of the parser's message, without its own "at line L, column C:" (the
      // position leads the message already) and the code excerpt that followed it
      `${source}${pos === undefined ? '' : `:${pos.line}:${pos.col}`}: ${(err.message.split('\n')[0] ?? err.message).replace(/ at line \d+, column \d+:?$/, '')}`,
      { cause: err },
    );
  }
  return doc.toJS();
}

/** Throws `code` naming line and column where `text` is not JSON (JSON.parse gives a position). */
function checkJson(text: string, source: string, code: ErrorCode): void {
  try {
    JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const at = /at position (\d+)/.exec(msg);
    let where = '';
    if (at !== null) {
      const before = text.slice(0, Number(at[1]));
      const line = before.split('\n').length;
      where = `:${line}:${before.length - before.lastIndexOf('\n')}`;
    }
    throw new PdmError(
      code,
      `${source}${where}: not valid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')}`,
      { cause: err },
    );
  }
}
