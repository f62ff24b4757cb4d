import { describe, expect, it } from 'vitest';
import { progressLine } from './progress.js';

describe('plain progress lines', () => {
  it('give the share, the count, the time so far and the time left at that pace', () => {
    // 864 of 2880 in 6 s: 2016 left at 144 per second, 14 s
    expect(progressLine('generate', 864, 2880, 'machine-h', 6)).toBe(
      'generate: 30% (864/2880 machine-h, 6.0 s, ETA 14 s)',
    );
    expect(progressLine('train', 1, 4, '', 125, 'fault')).toBe(
      'train: 20% (125.0 s, ETA 6 min 15 s) fault',
    );
    expect(progressLine('policy', 1, 100, 'runs', 40)).toBe(
      'policy: 0% (1/100 runs, 40.0 s, ETA 1 h 06 min)',
    );
  });

  it('say no time left when nothing is done yet or all is', () => {
    expect(progressLine('generate', 0, 10, 'machines', 0)).toBe(
      'generate: 0% (0/10 machines, 0.0 s)',
    );
    expect(progressLine('generate', 10, 10, 'machines', 12.34)).toBe(
      'generate: 100% (10/10 machines, 12.3 s)',
    );
  });
});
