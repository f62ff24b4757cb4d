/**
 * Just enough of the WebAssembly binary format (WebAssembly Core Specification 2.0, chapter 5,
 * "Binary Format"; SIMD opcodes from the fixed-width SIMD proposal, merged in 2.0) to emit the
 * histogram kernel (histogram-kernel.ts) from TypeScript without an external toolchain: LEB128
 * integers, vectors, sections, and the handful of instructions the kernel uses.
 */

/** Unsigned LEB128 (sizes, indices, memarg fields). */
export function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let b = v & 127;
    v >>>= 7;
    if (v !== 0) b |= 128;
    out.push(b);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer (i32.const immediates). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const b = v & 127;
    v >>= 7;
    if ((v === 0 && (b & 64) === 0) || (v === -1 && (b & 64) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 128);
  }
}

/** A vector: its length, then its items. */
export function vec(items: readonly (readonly number[])[]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/** A UTF-8 name. */
export function name(s: string): number[] {
  return vec([...new TextEncoder().encode(s)].map((b) => [b]));
}

export const SECTION = { type: 1, import: 2, function: 3, export: 7, code: 10 } as const;

export function section(id: number, body: readonly number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/** Magic number and version 1. */
export const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00] as const;

export const TYPE = { i32: 0x7f, v128: 0x7b, func: 0x60, emptyBlock: 0x40 } as const;

/** Import kinds and memory limit flags (bit 0: a maximum is given, bit 1: shared). */
export const IMPORT_MEMORY = 0x02;
export const EXPORT_FUNC = 0x00;
export const LIMITS = { min: 0x00, minMax: 0x01, sharedMinMax: 0x03 } as const;

export const OP = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  brIf: 0x0d,
  i32GeU: 0x4f,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32And: 0x71,
  i32Shl: 0x74,
  i32ShrU: 0x76,
} as const;

export const localGet = (i: number): number[] => [0x20, ...uleb(i)];
export const localSet = (i: number): number[] => [0x21, ...uleb(i)];
export const localTee = (i: number): number[] => [0x22, ...uleb(i)];
export const i32Const = (v: number): number[] => [0x41, ...sleb(v)];
/** i32.load with alignment 2^2 and a constant offset. */
export const i32Load = (offset: number): number[] => [0x28, 2, ...uleb(offset)];

// SIMD instructions: prefix 0xfd, then the opcode as unsigned LEB128.
/** v128.load with alignment 2^4 and a constant offset. */
export const v128Load = (offset: number): number[] => [0xfd, ...uleb(0x00), 4, ...uleb(offset)];
/** v128.store with alignment 2^4 and a constant offset. */
export const v128Store = (offset: number): number[] => [0xfd, ...uleb(0x0b), 4, ...uleb(offset)];
export const F64X2_ADD: readonly number[] = [0xfd, ...uleb(0xf0)];

/** A function body: local declarations (count, type) and instructions, with its size. */
export function funcBody(
  locals: readonly (readonly [number, number])[],
  code: readonly number[],
): number[] {
  const body = [...vec(locals.map(([n, t]) => [...uleb(n), t])), ...code, OP.end];
  return [...uleb(body.length), ...body];
}
