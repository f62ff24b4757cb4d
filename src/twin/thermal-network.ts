/**
 * Lumped-capacitance thermal network of n nodes, integrated exactly over each step.
 *
 * Model (lumped-parameter thermal network of an electrical machine: P. H. Mellor, D. Roberts &
 * D. R. Turner, "Lumped parameter thermal model for electrical machines of TEFC design",
 * IEE Proc. B 138(5), 1991):
 *   C_i dT_i/dt = P_i - sum_j G_ij (T_i - T_j) - G_i,amb (T_i - T_amb)
 * or C dT/dt = -K T + b, with K the conductance Laplacian plus G_amb on its diagonal and
 * b = P + G_amb T_amb. With P, G and T_amb held over a step, the solution is
 *   T(t + dt) = T_ss + exp(A dt) (T(t) - T_ss),   A = -C^-1 K,   K T_ss = b.
 * exp(A dt) comes from the symmetric matrix S = C^-1/2 K C^-1/2 = V diag(l) V^T (Jacobi), which
 * is positive definite when every node has a conductive path to ambient. In modal coordinates
 * z = V^T C^1/2 T the modes decouple: dz_k/dt = -l_k z_k + q_k with q = V^T C^-1/2 b, so
 *   z_k(t + dt) = e^(-l_k dt) z_k(t) + (1 - e^(-l_k dt)) / l_k * q_k.
 * That is the formula above rearranged: (1 - e^(-l dt)) is taken by expm1, accurate for a 1 ms
 * step, and as dt grows each mode lands on its steady state q_k / l_k without overflow. Method:
 * C. Moler & C. Van Loan, "Nineteen dubious ways to compute the exponential of a matrix,
 * twenty-five years later", SIAM Review 45 (2003), method 14 (eigenvectors; well conditioned
 * here because S is symmetric).
 *
 * The decomposition depends only on C and G, so it is memoised per spec object and compared by
 * value: a caller may pass new conductances every step (fan speed) and pays for a Jacobi
 * decomposition (a few microseconds for 3 nodes) only when they change. The memo never
 * changes a result.
 */
import { PdmError } from '../core/errors.js';
import { solveLinear, symmetricEigen } from '../core/linalg.js';

export interface ThermalNetworkSpec {
  /** One name per node (unique, non-empty); errors name nodes by these. */
  readonly nodeNames: readonly string[];
  /** Heat capacity of each node, J/K, > 0. */
  readonly capacityJPerK: readonly number[];
}

export interface ThermalConductances {
  /** Conductance between nodes, W/K, n x n, symmetric, >= 0; the diagonal is ignored. */
  readonly betweenWPerK: readonly (readonly number[])[];
  /** Conductance from each node to ambient, W/K, >= 0. */
  readonly toAmbientWPerK: readonly number[];
}

/** Accepted asymmetry of betweenWPerK, relative to the larger of the pair (the two are averaged). */
const SYMMETRY_TOL = 1e-9;
/** Conductance sets remembered per spec (most recent first): the fan speeds a machine visits. */
const MEMO_SIZE = 32;

/** Validated copy of C and G with the modal decomposition of S = C^-1/2 K C^-1/2. */
interface Modes {
  readonly capacityJPerK: Float64Array;
  /** betweenWPerK as given (row-major), to recognise the same conductances on the next call. */
  readonly rawBetweenWPerK: Float64Array;
  readonly toAmbientWPerK: Float64Array;
  /** K, W/K: the symmetrised conductance Laplacian plus G_amb on the diagonal, row-major. */
  readonly kWPerK: Float64Array;
  readonly sqrtC: Float64Array;
  readonly invSqrtC: Float64Array;
  /** Eigenvalues l_k of S, 1/s, ascending, all > 0. */
  readonly ratesPerS: Float64Array;
  /** Eigenvectors of S, row-major, column k with ratesPerS[k]. */
  readonly vectors: Float64Array;
  /** Scratch for b = P + G_amb T_amb and the modal coordinates during a step. */
  readonly b: Float64Array;
  readonly z: Float64Array;
}

const memo = new WeakMap<ThermalNetworkSpec, Modes[]>();

function invalid(message: string): never {
  throw new PdmError('PDM_INPUT_INVALID', `thermal network: ${message}`);
}

function nodeLabel(spec: ThermalNetworkSpec, i: number): string {
  return `"${spec.nodeNames[i] ?? String(i)}"`;
}

/**
 * Steady-state node temperatures, °C: the solution of K T = P + G_amb T_amb, by Gaussian
 * elimination (independent of the modal decomposition that `stepExact` uses).
 */
export function steadyStateC(
  spec: ThermalNetworkSpec,
  g: ThermalConductances,
  heatW: readonly number[],
  ambientC: number,
): Float64Array {
  const m = modesOf(spec, g);
  const n = m.capacityJPerK.length;
  checkInputs(spec, n, heatW, ambientC);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) b[i] = heatW[i]! + m.toAmbientWPerK[i]! * ambientC;
  return solveLinear(m.kWPerK, b);
}

/**
 * Advances node temperatures `tempC` (°C, updated in place) by `dtS` seconds, exactly, with heat
 * inputs `heatW` (W), conductances and ambient temperature held over the step. Any dtS >= 0 is
 * stable: a step far longer than the slowest time constant lands on the steady state.
 */
export function stepExact(
  spec: ThermalNetworkSpec,
  g: ThermalConductances,
  tempC: Float64Array,
  heatW: readonly number[],
  ambientC: number,
  dtS: number,
): void {
  const m = modesOf(spec, g);
  const n = m.capacityJPerK.length;
  checkInputs(spec, n, heatW, ambientC);
  if (!(dtS >= 0 && dtS < Infinity)) invalid(`dtS: expected a finite number >= 0 s, got ${dtS}`);
  if (tempC.length !== n) invalid(`tempC: expected ${n} temperatures, got ${tempC.length}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(tempC[i])) {
      invalid(`tempC[${i}] (${nodeLabel(spec, i)}): expected a finite number, got ${tempC[i]}`);
    }
  }
  const { sqrtC, invSqrtC, ratesPerS, vectors: v, b, z } = m;
  for (let i = 0; i < n; i++) b[i] = heatW[i]! + m.toAmbientWPerK[i]! * ambientC;
  for (let k = 0; k < n; k++) {
    let zk = 0;
    let qk = 0;
    for (let i = 0; i < n; i++) {
      const vik = v[i * n + k]!;
      zk += vik * sqrtC[i]! * tempC[i]!;
      qk += vik * invSqrtC[i]! * b[i]!;
    }
    const l = ratesPerS[k]!;
    z[k] = Math.exp(-l * dtS) * zk - (Math.expm1(-l * dtS) / l) * qk;
  }
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += v[i * n + k]! * z[k]!;
    tempC[i] = invSqrtC[i]! * sum;
  }
}

/** Time constants of the network, s: 1 / eigenvalues of C^-1 K, longest first. */
export function timeConstantsS(spec: ThermalNetworkSpec, g: ThermalConductances): Float64Array {
  const { ratesPerS } = modesOf(spec, g);
  return ratesPerS.map((l) => 1 / l);
}

function checkInputs(
  spec: ThermalNetworkSpec,
  n: number,
  heatW: readonly number[],
  ambientC: number,
): void {
  if (heatW.length !== n) invalid(`heatW: expected ${n} heat inputs, got ${heatW.length}`);
  for (let i = 0; i < n; i++) {
    const p = heatW[i]!;
    if (!Number.isFinite(p)) {
      invalid(`heatW[${i}] (${nodeLabel(spec, i)}): expected a finite number of W, got ${p}`);
    }
  }
  if (!Number.isFinite(ambientC)) invalid(`ambientC: expected a finite number, got ${ambientC}`);
}

/** The memoised modes for (spec, g), or new ones after validation and decomposition. */
function modesOf(spec: ThermalNetworkSpec, g: ThermalConductances): Modes {
  const entries = memo.get(spec) ?? [];
  const hit = entries.findIndex((m) => sameNetwork(m, spec, g));
  if (hit >= 0) {
    const m = entries[hit]!;
    if (hit > 0) entries.unshift(...entries.splice(hit, 1));
    return m;
  }
  const m = decompose(spec, g);
  entries.unshift(m);
  if (entries.length > MEMO_SIZE) entries.pop();
  memo.set(spec, entries);
  return m;
}

function sameNetwork(m: Modes, spec: ThermalNetworkSpec, g: ThermalConductances): boolean {
  const n = m.capacityJPerK.length;
  if (spec.nodeNames.length !== n || spec.capacityJPerK.length !== n) return false;
  if (g.betweenWPerK.length !== n || g.toAmbientWPerK.length !== n) return false;
  for (let i = 0; i < n; i++) {
    if (spec.capacityJPerK[i] !== m.capacityJPerK[i]) return false;
    if (g.toAmbientWPerK[i] !== m.toAmbientWPerK[i]) return false;
    const row = g.betweenWPerK[i];
    if (row?.length !== n) return false;
    for (let j = 0; j < n; j++) {
      // Compare both triangles to what was validated: a changed lower triangle must be rechecked.
      if (i !== j && row[j] !== m.rawBetweenWPerK[i * n + j]) return false;
    }
  }
  return true;
}

/** Validates (spec, g) with errors naming the node, then decomposes S = C^-1/2 K C^-1/2. */
function decompose(spec: ThermalNetworkSpec, g: ThermalConductances): Modes {
  const n = spec.nodeNames.length;
  if (n < 1) invalid('nodeNames: expected at least one node');
  const seen = new Set<string>();
  spec.nodeNames.forEach((name, i) => {
    if (name === '' || seen.has(name)) {
      invalid(`nodeNames[${i}]: expected a unique non-empty name, got "${name}"`);
    }
    seen.add(name);
  });
  const c = Float64Array.from(lengthChecked(spec.capacityJPerK, n, 'capacityJPerK'));
  c.forEach((ci, i) => {
    if (!(ci > 0 && ci < Infinity)) {
      invalid(
        `capacityJPerK[${i}] (${nodeLabel(spec, i)}): expected a finite number > 0 J/K, got ${ci}`,
      );
    }
  });
  const toAmbient = Float64Array.from(lengthChecked(g.toAmbientWPerK, n, 'toAmbientWPerK'));
  toAmbient.forEach((gi, i) => {
    if (!(gi >= 0 && gi < Infinity)) {
      invalid(
        `toAmbientWPerK[${i}] (${nodeLabel(spec, i)}): expected a finite number >= 0 W/K, got ${gi}`,
      );
    }
  });
  const raw = new Float64Array(n * n);
  lengthChecked(g.betweenWPerK, n, 'betweenWPerK').forEach((row, i) => {
    lengthChecked(row, n, `betweenWPerK[${i}]`).forEach((gij, j) => {
      if (i !== j) raw[i * n + j] = gij;
    });
  });
  const k = new Float64Array(n * n);
  const diagonal = Float64Array.from(toAmbient);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const upper = raw[i * n + j]!;
      const lower = raw[j * n + i]!;
      const pair = (): string =>
        `betweenWPerK[${i}][${j}] (${nodeLabel(spec, i)} to ${nodeLabel(spec, j)})`;
      if (!(upper >= 0 && upper < Infinity && lower >= 0 && lower < Infinity)) {
        invalid(
          `${pair()}: expected a finite number >= 0 W/K both ways, got ${upper} and ${lower}`,
        );
      }
      if (Math.abs(upper - lower) > SYMMETRY_TOL * Math.max(upper, lower)) {
        invalid(`${pair()}: expected a symmetric matrix, got ${upper} one way and ${lower} back`);
      }
      const gij = 0.5 * (upper + lower);
      k[i * n + j] = k[j * n + i] = -gij;
      diagonal[i] = diagonal[i]! + gij;
      diagonal[j] = diagonal[j]! + gij;
    }
  }
  for (let i = 0; i < n; i++) k[i * n + i] = diagonal[i]!;
  checkPathsToAmbient(spec, k, toAmbient);

  const sqrtC = c.map(Math.sqrt);
  const invSqrtC = sqrtC.map((x) => 1 / x);
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) s[i * n + j] = k[i * n + j]! * (invSqrtC[i]! * invSqrtC[j]!);
  }
  const { values, vectors } = symmetricEigen(s);
  // With a path to ambient from every node S is positive definite; a non-positive computed
  // eigenvalue means conductances so disparate that double precision cannot resolve the slowest
  // mode.
  if (!(values[0]! > 0)) {
    invalid(
      `conductances span too many orders of magnitude: the slowest mode's rate ${values[0]} 1/s ` +
        'is not resolved in double precision',
    );
  }
  return {
    capacityJPerK: c,
    rawBetweenWPerK: raw,
    toAmbientWPerK: toAmbient,
    kWPerK: k,
    sqrtC,
    invSqrtC,
    ratesPerS: values,
    vectors,
    b: new Float64Array(n),
    z: new Float64Array(n),
  };
}

function lengthChecked<T>(values: readonly T[], n: number, name: string): readonly T[] {
  if (values.length !== n) {
    invalid(`${name}: expected ${n} entries (one per node), got ${values.length}`);
  }
  return values;
}

/**
 * Every node must reach ambient through conductances > 0; otherwise K is singular and the
 * steady state undefined (heat put into an isolated group has nowhere to go).
 */
function checkPathsToAmbient(
  spec: ThermalNetworkSpec,
  k: Float64Array,
  toAmbient: Float64Array,
): void {
  const n = toAmbient.length;
  const reached = Array.from(toAmbient, (gi) => gi > 0);
  const queue = reached.flatMap((r, i) => (r ? [i] : []));
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head]!;
    for (let j = 0; j < n; j++) {
      if (!reached[j] && k[i * n + j]! < 0) {
        reached[j] = true;
        queue.push(j);
      }
    }
  }
  const isolated = reached.flatMap((r, i) => (r ? [] : [nodeLabel(spec, i)]));
  if (isolated.length > 0) {
    const which =
      isolated.length > 1 ? `nodes ${isolated.join(', ')} have` : `node ${isolated[0]} has`;
    invalid(
      `${which} no conductive path to ambient (every toAmbientWPerK and betweenWPerK along the ` +
        'way is 0), so the steady state is undefined; give each a conductance > 0 to ambient ' +
        'or to a node that has one',
    );
  }
}
