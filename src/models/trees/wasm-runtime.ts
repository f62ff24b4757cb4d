/**
 * The few parts of the WebAssembly JavaScript API the histogram kernel uses, typed here: the
 * project compiles against ES2023 and Node's types, which do not declare the `WebAssembly`
 * global. `wasm` is null where the runtime has no WebAssembly at all.
 */

/** A compiled module (opaque). */
export interface WasmModule {
  readonly __wasmModule: never;
}

export interface WasmMemory {
  /** A SharedArrayBuffer for a shared memory. */
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

export interface WasmInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  readonly Module: new (bytes: Uint8Array) => WasmModule;
  readonly Instance: new (
    module: WasmModule,
    imports: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  ) => WasmInstance;
  readonly Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}

export const wasm: WasmApi | null = (globalThis as { WebAssembly?: WasmApi }).WebAssembly ?? null;
