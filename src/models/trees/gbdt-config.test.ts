import { describe, expect, it } from 'vitest';
import { PdmError } from '../../core/errors.js';
import { parseGbdtConfig } from './gbdt-config.js';

describe('gbdt config', () => {
  it('fills in the documented defaults and freezes the result', () => {
    const c = parseGbdtConfig({});
    expect(c).toMatchObject({
      rounds: 200,
      learningRate: 0.1,
      maxDepth: 6,
      maxBins: 255,
      lambda: 1,
      minChildSamples: 20,
      subsample: 1,
      colsample: 1,
      earlyStopping: 20,
      seed: 1,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('rejects unknown keys and out-of-range values, naming the field', () => {
    const err = (input: unknown): PdmError => {
      try {
        parseGbdtConfig(input);
      } catch (e) {
        return e as PdmError;
      }
      throw new Error('expected an error');
    };
    expect(err({ rounds: 10, learningrate: 0.1 }).message).toMatch(
      /unknown key\(s\) "learningrate"/,
    );
    expect(err({ subsample: 1.5 }).message).toMatch(/gbdt\.subsample/);
    expect(err({ loss: 'hinge' }).code).toBe('PDM_INPUT_INVALID');
  });
});
