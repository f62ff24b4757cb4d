import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, PdmError } from './errors.js';

describe('error registry', () => {
  it('documents every code in docs/errors.md and nothing else', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const documented = [...doc.matchAll(/^## (PDM_[A-Z_]+)/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it('keeps the code and cause', () => {
    const cause = new Error('inner');
    const e = new PdmError('PDM_IO', 'cannot write x', { cause });
    expect(e.code).toBe('PDM_IO');
    expect(e.cause).toBe(cause);
    expect(e.hint).toBe(ERROR_CODES.PDM_IO.hint);
  });
});
