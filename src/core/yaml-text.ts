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
    // Node gives the position for most errors; a trailing comma before ] it does not name,
    // and then the first comma before a closing bracket is the likely place
    const at = /at position (\d+)/.exec(msg) ?? /,\s*[\]}]/.exec(text);
    let where = '';
    if (at !== null) {
      const pos = at.length > 1 && at[1] !== undefined ? Number(at[1]) : at.index;
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      where = `:${line}:${before.length - before.lastIndexOf('\n')}`;
    }
    throw new PdmError(
      code,
      // (the parser's excerpt of the text, after the token, left out: the position says where)
      `${source}${where}: not valid JSON: ${msg.replace(/ in JSON at position \d+.*$/s, '').replace(/, (\.\.\.)?".*" is not valid JSON$/s, '')}`,
      { cause: err },
    );
  }
}
