import { describe, expect, it } from 'vitest';
import { MAX_SEQ } from './envelope.js';
import { SequenceTracker } from './sequence.js';

describe('sequence numbers', () => {
  it('tells next, gaps, duplicates, late arrivals and restarts apart', () => {
    const t = new SequenceTracker();
    const at = (seq: number) => 1_000 + seq; // a sender's wall time per message
    expect(t.observe('a', 0, at(0)).kind).toBe('first');
    expect(t.observe('a', 1, at(1)).kind).toBe('next');
    expect(t.observe('a', 4, at(4))).toEqual({ kind: 'gap', missing: 2 });
    expect(t.observe('a', 3, at(3)).kind).toBe('late'); // reordered
    expect(t.observe('a', 3, at(3)).kind).toBe('duplicate'); // redelivered (QoS 1)
    expect(t.observe('a', 4, at(4)).kind).toBe('duplicate');
    expect(t.observe('a', 5, at(5)).kind).toBe('next');
    // Another stream is counted on its own.
    expect(t.observe('b', 7, 5).kind).toBe('first');
    // The sender restarts: 0 again, but sent later than the first 0.
    expect(t.observe('a', 0, 9_999).kind).toBe('restart');
    expect(t.observe('a', 1, 10_000).kind).toBe('next');
    expect(t.counts).toEqual({
      received: 10,
      gaps: 1,
      missing: 1, // 2 and 3 were missing; 3 came late
      duplicates: 2,
      late: 1,
      restarts: 1,
    });
  });

  it('wraps from the largest number to 0 without a gap', () => {
    const t = new SequenceTracker();
    t.observe('s', MAX_SEQ - 1, 1);
    expect(t.observe('s', MAX_SEQ, 2).kind).toBe('next');
    expect(t.observe('s', 0, 3).kind).toBe('next');
    expect(t.observe('s', 3, 4)).toEqual({ kind: 'gap', missing: 2 });
    expect(t.observe('s', MAX_SEQ, 2).kind).toBe('duplicate');
  });

  it('takes a jump far behind for a restart, and forgets numbers far behind', () => {
    const t = new SequenceTracker();
    for (let s = 0; s < 5000; s++) t.observe('x', s, s);
    expect(t.observe('x', 10, 99_999).kind).toBe('restart');
    expect(t.observe('x', 11, 100_000).kind).toBe('next');
  });

  it('takes a sender back at 0 for a restart even when its first 0 was never seen', () => {
    // The receiver joined at 500; the sender then restarts. A number behind that was sent after
    // the latest one is a restart, one sent before it a late arrival.
    const t = new SequenceTracker();
    t.observe('j', 500, 10_000);
    expect(t.observe('j', 498, 9_990).kind).toBe('late');
    expect(t.observe('j', 0, 20_000).kind).toBe('restart');
    expect(t.observe('j', 1, 20_010).kind).toBe('next');
  });
});

describe('sequence counts over several streams', () => {
  it('counts a late arrival against the gap of its own stream only', () => {
    const t = new SequenceTracker();
    // stream B leaves 3 missing
    t.observe('b', 0, 0);
    t.observe('b', 4, 4);
    expect(t.counts.missing).toBe(3);
    // stream A: 0, 2, then 1 late; only A's gap was waiting for it
    t.observe('a', 0, 0);
    expect(t.observe('a', 2, 2)).toEqual({ kind: 'gap', missing: 1 });
    expect(t.observe('a', 1, 1)).toEqual({ kind: 'late' });
    expect(t.counts.missing).toBe(3);
    // a late message that no gap awaited (stream C's first seen was 5; 3 was sent before it)
    // leaves B's count alone
    t.observe('c', 5, 5);
    expect(t.observe('c', 3, 3)).toEqual({ kind: 'late' });
    expect(t.counts.missing).toBe(3);
  });

  it('refuses a sequence number that is not a counter value', () => {
    const t = new SequenceTracker();
    for (const bad of [Number.NaN, 1.5, -3, 2 ** 32])
      expect(() => t.observe('a', bad, 0)).toThrow(/sequence number of a: expected an integer/);
    expect(t.counts.received).toBe(0);
  });
});
