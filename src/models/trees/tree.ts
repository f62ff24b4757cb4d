/**
 * A binary decision tree as flat typed arrays, in the layout of ONNX `ai.onnx.ml`
 * TreeEnsemble nodes: node 0 is the root; an internal node sends x to `left` when
 * `fround(x[feature]) <= threshold` (BRANCH_LEQ with float32 thresholds), to `right`
 * otherwise, and a NaN to `left` when `defaultLeft` is 1 (nodes_missing_value_tracks_true).
 * Leaves have feature -1 and hold `nOutputs` values (one for a boosting tree or a regression
 * tree, class probabilities for a classification forest), stored as float32 numbers so that an
 * exported model adds exactly the same leaf values. Children always have larger indices than
 * their parent, so a tree has no cycles.
 */
import { z } from 'zod';
import { PdmError } from '../../core/errors.js';

export class Tree {
  readonly nodeCount: number;
  readonly nOutputs: number;
  /** Split feature, or -1 at a leaf. */
  readonly feature: Int32Array;
  /** float32 thresholds (+Infinity: every non-NaN value goes left). */
  readonly threshold: Float32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** 1 when NaN goes left. */
  readonly defaultLeft: Uint8Array;
  /** Leaf values, `value[node * nOutputs + k]` (0 at internal nodes). */
  readonly value: Float32Array;

  constructor(
    nOutputs: number,
    feature: Int32Array,
    threshold: Float32Array,
    left: Int32Array,
    right: Int32Array,
    defaultLeft: Uint8Array,
    value: Float32Array,
  ) {
    this.nodeCount = feature.length;
    this.nOutputs = nOutputs;
    this.feature = feature;
    this.threshold = threshold;
    this.left = left;
    this.right = right;
    this.defaultLeft = defaultLeft;
    this.value = value;
    checkTree(this);
  }

  /** The leaf reached by row x (x[offset + f] is feature f). */
  leafIndex(x: ArrayLike<number>, offset = 0): number {
    const { feature, threshold, left, right, defaultLeft } = this;
    let node = 0;
    let f = feature[0]!;
    while (f >= 0) {
      const v = Math.fround(x[offset + f]!);
      if (v <= threshold[node]!) node = left[node]!;
      else if (v !== v && defaultLeft[node] === 1) node = left[node]!;
      else node = right[node]!;
      f = feature[node]!;
    }
    return node;
  }

  /** The leaf values for row x, written to out[outOffset ...] (nOutputs of them). */
  predictRow(x: ArrayLike<number>, out: Float64Array, offset = 0, outOffset = 0): void {
    const leaf = this.leafIndex(x, offset) * this.nOutputs;
    for (let k = 0; k < this.nOutputs; k++) out[outOffset + k] = this.value[leaf + k]!;
  }

  /** Leaf values for every row of a row-major matrix with `cols` columns: rows x nOutputs. */
  predictBatch(data: Float32Array | Float64Array, cols: number): Float64Array {
    const rows = Math.floor(data.length / cols);
    const out = new Float64Array(rows * this.nOutputs);
    for (let i = 0; i < rows; i++) this.predictRow(data, out, i * cols, i * this.nOutputs);
    return out;
  }
}

/** Plain-data form of a tree (see the file header); +Infinity thresholds are written as a string. */
export const treeJsonSchema = z.strictObject({
  version: z.literal(1),
  nOutputs: z.number().int().min(1),
  feature: z.array(z.number().int().min(-1)),
  threshold: z.array(z.union([z.number(), z.literal('Infinity')])),
  left: z.array(z.number().int().min(-1)),
  right: z.array(z.number().int().min(-1)),
  defaultLeft: z.array(z.union([z.literal(0), z.literal(1)])),
  value: z.array(z.number()),
});

export type TreeJson = z.infer<typeof treeJsonSchema>;

export function treeToJson(t: Tree): TreeJson {
  return {
    version: 1,
    nOutputs: t.nOutputs,
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold, (v) => (v === Infinity ? 'Infinity' : v)),
    left: Array.from(t.left),
    right: Array.from(t.right),
    defaultLeft: Array.from(t.defaultLeft, (v) => (v === 1 ? 1 : 0)),
    value: Array.from(t.value),
  };
}

/** Rebuilds a tree from `treeToJson` output (or its parsed JSON text), checking it. */
export function treeFromJson(input: unknown, name = 'tree'): Tree {
  const r = treeJsonSchema.safeParse(input);
  if (!r.success) {
    const first = r.error.issues[0];
    const path = first === undefined ? '' : first.path.map(String).join('.');
    throw new PdmError('PDM_INPUT_INVALID', `${name}.${path}: ${first?.message ?? 'invalid'}`, {
      cause: r.error,
    });
  }
  return treeFromParsed(r.data, name);
}

/** `treeFromJson` for data already checked against treeJsonSchema. */
export function treeFromParsed(j: TreeJson, name = 'tree'): Tree {
  const n = j.feature.length;
  for (const key of ['threshold', 'left', 'right', 'defaultLeft'] as const) {
    if (j[key].length !== n) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `${name}.${key}: expected ${n} entries (one per node), got ${j[key].length}`,
      );
    }
  }
  if (j.value.length !== n * j.nOutputs) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${name}.value: expected nodes x nOutputs = ${n * j.nOutputs} entries, got ${j.value.length}`,
    );
  }
  try {
    return new Tree(
      j.nOutputs,
      Int32Array.from(j.feature),
      Float32Array.from(j.threshold, (v) => (v === 'Infinity' ? Infinity : v)),
      Int32Array.from(j.left),
      Int32Array.from(j.right),
      Uint8Array.from(j.defaultLeft),
      Float32Array.from(j.value),
    );
  } catch (err) {
    if (err instanceof PdmError) {
      throw new PdmError('PDM_INPUT_INVALID', `${name}: ${err.message}`, { cause: err });
    }
    throw err;
  }
}

export interface TreeStats {
  readonly nodes: number;
  readonly leaves: number;
  /** Edges on the longest root-to-leaf path (0 for a single leaf). */
  readonly depth: number;
}

export function treeStats(t: Tree): TreeStats {
  const depth = new Int32Array(t.nodeCount);
  let leaves = 0;
  let maxDepth = 0;
  for (let i = 0; i < t.nodeCount; i++) {
    if (t.feature[i]! < 0) {
      leaves++;
      maxDepth = Math.max(maxDepth, depth[i]!);
    } else {
      depth[t.left[i]!] = depth[i]! + 1;
      depth[t.right[i]!] = depth[i]! + 1;
    }
  }
  return { nodes: t.nodeCount, leaves, depth: maxDepth };
}

function checkTree(t: Tree): void {
  const n = t.nodeCount;
  if (n < 1) throw new PdmError('PDM_INPUT_INVALID', 'tree: expected at least one node');
  if (!Number.isInteger(t.nOutputs) || t.nOutputs < 1) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `nOutputs: expected an integer >= 1, got ${t.nOutputs}`,
    );
  }
  const lengths = [t.threshold.length, t.left.length, t.right.length, t.defaultLeft.length];
  if (lengths.some((l) => l !== n) || t.value.length !== n * t.nOutputs) {
    throw new PdmError('PDM_INPUT_INVALID', 'tree: node arrays differ in length');
  }
  const parents = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (t.feature[i]! < 0) continue;
    const l = t.left[i]!;
    const r = t.right[i]!;
    // Children after their parent and each node with one parent: a tree, no cycles.
    if (!(l > i && l < n && r > i && r < n && l !== r) || parents[l] === 1 || parents[r] === 1) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `node ${i}: children (${l}, ${r}) must be distinct nodes after it, each with one parent`,
      );
    }
    parents[l] = 1;
    parents[r] = 1;
    if (Number.isNaN(t.threshold[i]!)) {
      throw new PdmError('PDM_INPUT_INVALID', `node ${i}: threshold is NaN`);
    }
  }
}

/** Grows a tree node by node (arrays doubled as needed), then freezes it with `build`. */
export class TreeBuilder {
  readonly nOutputs: number;
  private n = 0;
  private feature = new Int32Array(64);
  private threshold = new Float32Array(64);
  private left = new Int32Array(64);
  private right = new Int32Array(64);
  private defaultLeft = new Uint8Array(64);
  private value: Float32Array;

  constructor(nOutputs: number) {
    this.nOutputs = nOutputs;
    this.value = new Float32Array(64 * nOutputs);
  }

  get nodeCount(): number {
    return this.n;
  }

  /** Appends a leaf (values 0) and returns its index. */
  addNode(): number {
    if (this.n === this.feature.length) this.grow();
    const id = this.n++;
    this.feature[id] = -1;
    this.left[id] = -1;
    this.right[id] = -1;
    return id;
  }

  /** Turns leaf `id` into a split with two new leaf children; returns [left, right]. */
  split(id: number, feature: number, threshold: number, defaultLeft: boolean): [number, number] {
    const l = this.addNode();
    const r = this.addNode();
    this.feature[id] = feature;
    this.threshold[id] = threshold;
    this.left[id] = l;
    this.right[id] = r;
    this.defaultLeft[id] = defaultLeft ? 1 : 0;
    return [l, r];
  }

  setValue(id: number, k: number, v: number): void {
    this.value[id * this.nOutputs + k] = v;
  }

  getValue(id: number, k: number): number {
    return this.value[id * this.nOutputs + k]!;
  }

  isLeaf(id: number): boolean {
    return this.feature[id]! < 0;
  }

  build(): Tree {
    const n = this.n;
    return new Tree(
      this.nOutputs,
      this.feature.slice(0, n),
      this.threshold.slice(0, n),
      this.left.slice(0, n),
      this.right.slice(0, n),
      this.defaultLeft.slice(0, n),
      this.value.slice(0, n * this.nOutputs),
    );
  }

  private grow(): void {
    const cap = this.feature.length * 2;
    const widen = <T extends Int32Array | Float32Array | Uint8Array>(
      a: T,
      make: (n: number) => T,
      k = 1,
    ): T => {
      const b = make(cap * k);
      b.set(a);
      return b;
    };
    this.feature = widen(this.feature, (m) => new Int32Array(m));
    this.threshold = widen(this.threshold, (m) => new Float32Array(m));
    this.left = widen(this.left, (m) => new Int32Array(m));
    this.right = widen(this.right, (m) => new Int32Array(m));
    this.defaultLeft = widen(this.defaultLeft, (m) => new Uint8Array(m));
    this.value = widen(this.value, (m) => new Float32Array(m), this.nOutputs);
  }
}
