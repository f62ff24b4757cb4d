/**
 * Canonical JSON: keys sorted at every level, no whitespace, so a document has exactly one
 * byte representation to hash and sign (in the spirit of RFC 8785; numbers use ECMAScript's
 * shortest round-trip form, which RFC 8785 also prescribes).
 */
import { PdmError } from '../core/errors.js';

export function canonicalJson(value: unknown): string {
  const walk = (v: unknown, path: string): string => {
    if (v === null) return 'null';
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) {
        throw new PdmError(
          'PDM_INPUT_INVALID',
          `${path}: cannot encode ${v} in canonical JSON (use null)`,
        );
      }
      return JSON.stringify(v);
    }
    if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
    if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      const arr = Array.from(v as ArrayLike<unknown>);
      return `[${arr.map((x, i) => walk(x, `${path}[${i}]`)).join(',')}]`;
    }
    if (typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${walk(x, `${path}.${k}`)}`).join(',')}}`;
    }
    throw new PdmError('PDM_INPUT_INVALID', `${path}: cannot encode a ${typeof v} in JSON`);
  };
  return walk(value, '$');
}
