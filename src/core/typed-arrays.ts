/** Typed arrays joined end to end, as tables, datasets and batched outputs need them. */

/** A typed-array constructor (Float64Array, Int32Array, Uint8Array, ...). */
export type TypedArrayCtor<A> = new (
  length: number,
) => A & { set(source: ArrayLike<number>, at: number): void };

/** One array of `ctor` holding `parts` one after another. */
export function concatArrays<A extends ArrayLike<number>>(
  ctor: TypedArrayCtor<A>,
  parts: readonly ArrayLike<number>[],
): A {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new ctor(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
