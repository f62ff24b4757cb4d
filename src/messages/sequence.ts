/**
 * What a receiver learns from sequence numbers (one counter per sender and kind, wrapping from
 * 2^32 - 1 to 0): whether a message is the next one, comes after a gap (and how many are
 * missing), is a duplicate (QoS 1 redelivers), or arrives late, after later ones (reordered).
 * A sender that restarts its counter is a restart, not lost or duplicate messages: a redelivered
 * message repeats the original's wall time too, a restarted sender's message does not. Pure: the
 * wall times come with the messages, no clock is read.
 */
import { PdmError } from '../core/errors.js';
import { MAX_SEQ } from './envelope.js';

export type SequenceVerdict =
  | { readonly kind: 'first' }
  | { readonly kind: 'next' }
  | { readonly kind: 'gap'; readonly missing: number }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'late' }
  | { readonly kind: 'restart' };

export interface SequenceCounts {
  received: number;
  gaps: number;
  missing: number;
  duplicates: number;
  late: number;
  restarts: number;
}

/** Recent sequence numbers remembered per stream, to tell duplicates from late arrivals. */
const WINDOW = 1024;
const MODULUS = MAX_SEQ + 1;

interface Stream {
  /** Highest sequence number seen (in wrapping order). */
  last: number;
  /** Sequence numbers seen within about WINDOW below `last`, with their wall times. */
  readonly seen: Map<number, number>;
  /** Messages of this stream counted missing and not yet arrived late. */
  missing: number;
}

/** Forward distance from a to b on the wrapping counter. */
function ahead(a: number, b: number): number {
  return (((b - a) % MODULUS) + MODULUS) % MODULUS;
}

export class SequenceTracker {
  private readonly streams = new Map<string, Stream>();
  readonly counts: SequenceCounts = {
    received: 0,
    gaps: 0,
    missing: 0,
    duplicates: 0,
    late: 0,
    restarts: 0,
  };

  /** Classifies message `seq` of stream `key` (sender and kind), sent at `wallTimeMs`. */
  observe(key: string, seq: number, wallTimeMs: number): SequenceVerdict {
    if (!(Number.isInteger(seq) && seq >= 0 && seq <= MAX_SEQ))
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `sequence number of ${key}: expected an integer in [0, ${MAX_SEQ}], got ${seq}`,
      );
    this.counts.received++;
    const s = this.streams.get(key);
    if (s === undefined) {
      this.streams.set(key, { last: seq, seen: new Map([[seq, wallTimeMs]]), missing: 0 });
      return { kind: 'first' };
    }
    const d = ahead(s.last, seq);
    const before = s.seen.get(seq);
    const behind = d === 0 || d > MODULUS - WINDOW;
    if (behind && before === wallTimeMs) {
      this.counts.duplicates++;
      return { kind: 'duplicate' };
    }
    // Late: sent before the latest one (not after it, as a restarted sender's first is).
    const lastWall = s.seen.get(s.last) ?? Number.POSITIVE_INFINITY;
    if (behind && before === undefined && d !== 0 && wallTimeMs <= lastWall) {
      s.seen.set(seq, wallTimeMs);
      this.counts.late++;
      // it was counted missing, in its own stream, when the gap it left was seen
      if (s.missing > 0) {
        s.missing--;
        this.counts.missing--;
      }
      return { kind: 'late' };
    }
    if (behind || d > MODULUS / 2) {
      // A number seen before with another wall time, one behind but sent after the latest, or
      // far behind: the sender started again.
      s.last = seq;
      s.seen.clear();
      s.seen.set(seq, wallTimeMs);
      s.missing = 0; // what the old count missed will not come now
      this.counts.restarts++;
      return { kind: 'restart' };
    }
    s.last = seq;
    s.seen.set(seq, wallTimeMs);
    if (s.seen.size > 2 * WINDOW) {
      for (const x of s.seen.keys()) if (ahead(x, seq) >= WINDOW) s.seen.delete(x);
    }
    if (d === 1) return { kind: 'next' };
    this.counts.gaps++;
    this.counts.missing += d - 1;
    s.missing += d - 1;
    return { kind: 'gap', missing: d - 1 };
  }
}
