/**
 * The receiving side's rule for bad messages (docs/messages.md): count them per kind, report the
 * first of each kind (so a broken sender does not flood the log), drop them, carry on.
 */
import { isPdmError } from '../core/errors.js';

export class BadMessages {
  private readonly byKind = new Map<string, number>();

  /**
   * Counts one bad message of `kind` (a topic kind such as `telemetry`, or `topic` for an
   * unreadable topic); true when it is the first of its kind, which the caller then logs.
   */
  record(kind: string): boolean {
    const n = (this.byKind.get(kind) ?? 0) + 1;
    this.byKind.set(kind, n);
    return n === 1;
  }

  /** Bad messages so far, per kind. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.byKind);
  }

  get total(): number {
    let t = 0;
    for (const n of this.byKind.values()) t += n;
    return t;
  }
}

/** The text to report for a bad message: a coded error's message, or anything else's. */
export function badMessageText(err: unknown): string {
  if (isPdmError(err)) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
