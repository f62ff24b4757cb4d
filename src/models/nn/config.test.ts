import { describe, expect, it } from 'vitest';
import { isPdmError } from '../../core/errors.js';
import { parseMlpConfig, parseSequenceConfig } from './config.js';

function message(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    return isPdmError(err) ? `${err.code}: ${err.message}` : String(err);
  }
  return 'no error';
}

describe('neural model configs', () => {
  it('fill defaults and freeze the result', () => {
    const c = parseMlpConfig();
    expect(c).toMatchObject({ task: 'binary', hidden: [64, 32], activation: 'relu', seed: 1 });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.hidden)).toBe(true);
    expect(parseMlpConfig().hidden).not.toBe(c.hidden);
    const s = parseSequenceConfig({ cell: 'gru' });
    expect(s).toMatchObject({ cell: 'gru', steps: 16, units: 32, hidden: [], clipNorm: 1 });
  });

  it('reject unknown keys and out-of-range values, naming the field', () => {
    expect(message(() => parseMlpConfig({ epoch: 3 }))).toBe(
      'PDM_INPUT_INVALID: mlp: unknown key(s) "epoch"',
    );
    expect(message(() => parseMlpConfig({ dropout: 1 }))).toMatch(
      /^PDM_INPUT_INVALID: mlp.dropout: /,
    );
    expect(message(() => parseSequenceConfig({ cell: 'rnn' }))).toMatch(/sequence.cell: /);
  });

  it('check task-specific fields', () => {
    expect(message(() => parseMlpConfig({ task: 'regression', quantiles: [0.9, 0.1] }))).toMatch(
      /mlp.quantiles.1: must increase strictly/,
    );
    expect(message(() => parseMlpConfig({ classes: 3 }))).toMatch(
      /mlp.classes: only for task 'multiclass'/,
    );
    expect(parseMlpConfig({ task: 'multiclass', classes: 3 }).classes).toBe(3);
  });
});
