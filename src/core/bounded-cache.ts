/**
 * Values made on first use and kept by key, forgotten all at once when more than `limit` are
 * held: for results that depend only on a machine's fixed parameters (a fleet touches a few
 * hundred keys), where a long run must not grow without bound.
 */
export class BoundedCache<V> {
  private readonly values = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string, make: () => V): V {
    const hit = this.values.get(key);
    if (hit !== undefined) return hit;
    if (this.values.size > this.limit) this.values.clear();
    const v = make();
    this.values.set(key, v);
    return v;
  }

  get size(): number {
    return this.values.size;
  }
}
