import { describe, expect, it } from 'vitest';
import { plainProgress, progressLine } from './progress.js';

describe('plain progress lines', () => {
  it('give the share, the count, the time so far and the time left at that pace', () => {
    // 864 of 2880 in 6 s: 2016 left at 144 per second, 14 s
    expect(progressLine('generate', 864, 2880, 'machine-h', 6)).toBe(
      'generate: 30% (864/2880 machine-h, 6.0 s, ETA 14 s)',
    );
    expect(progressLine('train', 1, 4, '', 125, 'fault')).toBe(
      'train: 25% (125.0 s, ETA 6 min 15 s) fault',
    );
    expect(progressLine('policy', 5, 100, 'runs', 40)).toBe(
      'policy: 5% (5/100 runs, 40.0 s, ETA 12 min 40 s)',
    );
    expect(progressLine('policy', 20, 100, 'runs', 500)).toBe(
      'policy: 20% (20/100 runs, 500.0 s, ETA 33 min 20 s)',
    );
  });

  it('give no time left before 5 % is done, where start-up dominates the pace', () => {
    // 1 % in 40 s would have read "ETA 1 h 06 min" for a job that then ran 10 minutes
    expect(progressLine('policy', 1, 100, 'runs', 40)).toBe('policy: 1% (1/100 runs, 40.0 s)');
    expect(progressLine('generate', 4.9, 100, '', 3)).toBe('generate: 4% (3.0 s)');
    // 1 of 6 is 16 %, not the tenth it passed
    expect(progressLine('policy', 1, 6, 'runs', 2)).toBe('policy: 16% (1/6 runs, 2.0 s, ETA 10 s)');
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

describe('plain progress', () => {
  it('prints a line per tenth and, at stop, the final state reported after the 100 % line', () => {
    const lines: string[] = [];
    let t = 0;
    const p = plainProgress(
      'generate',
      120,
      'machine-h',
      (l) => lines.push(l),
      () => t,
    );
    for (let h = 10; h <= 120; h += 10) {
      t += 1;
      p.update(h, `(${Math.floor(h / 10) - 1}/12 machines)`);
    }
    // the hours are all simulated before the last machine's files are written
    t += 1;
    p.update(120, '(12/12 machines)');
    p.stop();
    p.stop();
    expect(lines).toHaveLength(12);
    expect(lines[10]).toBe('generate: 100% (120/120 machine-h, 12.0 s) (11/12 machines)');
    expect(lines[11]).toBe('generate: 100% (120/120 machine-h, 13.0 s) (12/12 machines)');
  });

  it('adds nothing at stop when the last line was the final state, or the work stopped short', () => {
    const done: string[] = [];
    const p = plainProgress(
      'train',
      4,
      '',
      (l) => done.push(l),
      () => 0,
    );
    p.update(4, 'fault');
    p.stop();
    expect(done).toEqual(['train: 100% (0.0 s) fault']);
    const short: string[] = [];
    const q = plainProgress(
      'train',
      4,
      '',
      (l) => short.push(l),
      () => 0,
    );
    q.update(1, 'fault');
    q.update(1.1, 'horizon');
    q.stop();
    expect(short).toEqual(['train: 25% (0.0 s, ETA 0 s) fault']);
  });

  it('prints at least once a minute between tenths, when there is news', () => {
    const lines: string[] = [];
    let t = 0;
    const p = plainProgress(
      'simulate',
      1000,
      'machine-h',
      (l) => lines.push(l),
      () => t,
    );
    p.update(0);
    t = 30;
    p.update(10); // 1 %, 30 s: nothing yet
    t = 61;
    p.update(20); // a minute since the last line
    t = 90;
    p.update(30);
    t = 125;
    p.update(30); // a minute since the last line, and news since it
    t = 190;
    p.update(30); // a minute, but nothing new
    t = 200;
    p.update(40);
    expect(lines).toEqual([
      'simulate: 0% (0/1000 machine-h, 0.0 s)',
      'simulate: 2% (20/1000 machine-h, 61.0 s)',
      'simulate: 3% (30/1000 machine-h, 125.0 s)',
      'simulate: 4% (40/1000 machine-h, 200.0 s)',
    ]);
  });
});
