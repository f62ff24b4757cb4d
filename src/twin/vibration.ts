/**
 * Vibration synthesis: acceleration (g) at a bearing housing for one capture window.
 *
 * What each source contributes (Randall, "Vibration-based Condition Monitoring", Wiley 2011,
 * ch. 2; ISO 20816-1; Scheffer & Girdhar, "Practical Machinery Vibration Analysis", 2004):
 * - imbalance: a 1x force m e w^2, so 1x acceleration grows with speed squared;
 * - misalignment: 2x dominant with 1x and 3x, nearly independent of speed, grows with load;
 * - mechanical looseness: many harmonics of 1x and, when severe, half orders;
 * - electrical: magnetic pull at twice the supply frequency; broken rotor bars put
 *   pole-pass sidebands around 1x (fr +- 2 s f);
 * - a damaged cooling fan: 1x at the fan end and blade-pass tones;
 * - localised bearing defects: impact trains ringing the structural modes (bearing-defect.ts);
 * - broadband structural noise (friction, flow) through the same modes; lubrication loss
 *   and distributed bearing wear raise it;
 * Shaft-synchronous tones are summed in a two-revolution wavetable so their cost does not
 * grow with the number of harmonics.
 */
import { BoundedCache } from '../core/bounded-cache.js';
import type { Random } from '../core/random.js';
import type { DefectKinematics, LoadSpectrum } from './bearing-defect.js';
import {
  ENTRY,
  defectPassage,
  emitDefectImpacts,
  loadSpectrum,
  meanSquareLoad,
} from './bearing-defect.js';
import type { BearingLocation, Severities } from './health.js';
import { BEARING_MODES } from './modes.js';
import type { Resonance } from './resonance.js';
import { ResonatorBank } from './resonance.js';
import { PhasorSet } from './phasors.js';

/** m/s^2 per g (standard gravity). */
export const G = 9.80665;

export interface SensorPathParams {
  /** Structural modes between the bearing and this accelerometer. */
  readonly resonances: readonly Resonance[];
  /** Fraction of the other bearing's impacts that reach this sensor. */
  readonly crossGain: number;
  /** Scale of shaft-related vibration seen by this sensor. */
  readonly shaftGain: number;
}

export interface VibrationParams {
  readonly de: SensorPathParams;
  readonly fe: SensorPathParams;
  readonly deBearing: DefectKinematics;
  readonly feBearing: DefectKinematics;
  /** 1x velocity, mm/s RMS, of a healthy machine at the reference speed (ISO 1940 G2.5 rotor). */
  readonly residualUnbalanceMmS: number;
  /** 2x velocity, mm/s RMS, of a healthy machine (installation tolerance). */
  readonly residualMisalignmentMmS: number;
  /** 1x velocity, mm/s RMS, added by imbalance at severity 1 (at the reference speed). */
  readonly imbalanceAtFailureMmS: number;
  /** 2x velocity, mm/s RMS, added by misalignment at severity 1. */
  readonly misalignmentAtFailureMmS: number;
  /** Velocity of the first looseness harmonic at severity 1, mm/s RMS. */
  readonly loosenessAtFailureMmS: number;
  /** Amplitude of the twice-line-frequency component, g. */
  readonly lineVibrationG: number;
  /** RMS of healthy broadband structural noise at the sensor, g. */
  readonly machineNoiseG: number;
  /** Exit-impact amplitude (unit impacts; ring-down peak = this x mode gain) at severity 1. */
  readonly defectImpactAtFailure: number;
  readonly fanBlades: number;
  /** Shaft speed at which the velocity figures above are quoted, Hz. */
  readonly referenceShaftHz: number;
  /** Phases (rad) of shaft orders 0.5, 1, 1.5, ... 10, fixed for a machine. */
  readonly orderPhasesRad: readonly number[];
}

/** The slow state a capture needs. */
export interface VibrationInput {
  readonly shaftHz: number;
  readonly supplyHz: number;
  readonly slip: number;
  readonly loadFraction: number;
  readonly severities: Severities;
}

export interface Tone {
  readonly freqHz: number;
  readonly ampG: number;
  readonly phaseRad: number;
}

interface OrderTone {
  order: number;
  ampG: number;
  phaseRad: number;
}

/** Peak acceleration (g) of a sinusoid with the given velocity RMS (mm/s) at f (Hz). */
export function velocityRmsToAccelPeakG(velMmS: number, freqHz: number): number {
  return (Math.SQRT2 * velMmS * 1e-3 * 2 * Math.PI * freqHz) / G;
}

function orderPhase(p: VibrationParams, order: number): number {
  const i = Math.round(order * 2) - 1;
  return p.orderPhasesRad[i] ?? 0;
}

/**
 * Shaft-synchronous tones (orders of fr) at a sensor: imbalance, misalignment, looseness and
 * fan. Amplitudes are peak acceleration in g.
 */
export function shaftOrderTones(
  p: VibrationParams,
  x: VibrationInput,
  loc: BearingLocation,
): OrderTone[] {
  const s = x.severities;
  const fr = x.shaftHz;
  const fRef = p.referenceShaftHz;
  const speedRatio = fr / fRef;
  const path = loc === 'de' ? p.de : p.fe;
  const tones: OrderTone[] = [];
  const add = (order: number, ampG: number, phaseOffset = 0): void => {
    if (ampG > 0)
      tones.push({
        order,
        ampG: ampG * path.shaftGain,
        phaseRad: orderPhase(p, order) + phaseOffset,
      });
  };
  // Imbalance: the unbalance velocity quoted at fRef scales as w (force ~ w^2, accel ~ w^2).
  const unbalanceMmS =
    (p.residualUnbalanceMmS + s.imbalance * p.imbalanceAtFailureMmS) * speedRatio;
  add(1, velocityRmsToAccelPeakG(unbalanceMmS, fr));
  // Misalignment: reaction forces set by offset and coupling stiffness: acceleration
  // independent of speed, growing with transmitted torque.
  const torque = 0.6 + 0.4 * x.loadFraction;
  const mis = s.misalignment * p.misalignmentAtFailureMmS * torque;
  const resid = p.residualMisalignmentMmS * torque;
  add(2, velocityRmsToAccelPeakG(resid + mis, 2 * fRef), 0.3);
  add(1, velocityRmsToAccelPeakG(0.35 * mis, fRef), 1.9);
  add(3, velocityRmsToAccelPeakG(0.25 * (resid + mis), 3 * fRef), 0.7);
  // Looseness: a clipped response, harmonics falling slowly; half orders when severe.
  if (s.looseness > 0) {
    for (let k = 1; k <= 10; k++) {
      add(
        k,
        velocityRmsToAccelPeakG((s.looseness * p.loosenessAtFailureMmS) / Math.pow(k, 0.6), k * fr),
      );
    }
    if (s.looseness > 0.3) {
      for (const h of [0.5, 1.5, 2.5, 3.5]) {
        add(
          h,
          velocityRmsToAccelPeakG(
            ((s.looseness - 0.3) * p.loosenessAtFailureMmS * 0.6) / Math.sqrt(h + 0.5),
            h * fr,
          ),
        );
      }
    }
  }
  // Fan: a damaged fan is an unbalanced rotor at the fan end; blade-pass always present.
  if (loc === 'fe' && s.fan > 0) add(1, velocityRmsToAccelPeakG(3.5 * s.fan * speedRatio, fr), 2.4);
  add(p.fanBlades, 0.004 * (1 + 3 * s.fan) * speedRatio * speedRatio * (loc === 'fe' ? 1 : 0.3));
  return tones;
}

/** Tones not locked to the shaft: twice line frequency and rotor-bar sidebands. */
export function asynchronousTones(
  p: VibrationParams,
  x: VibrationInput,
  loc: BearingLocation,
): Tone[] {
  const s = x.severities;
  const path = loc === 'de' ? p.de : p.fe;
  const tones: Tone[] = [];
  if (x.supplyHz > 0) {
    tones.push({
      freqHz: 2 * x.supplyHz,
      ampG: p.lineVibrationG * (0.7 + 0.3 * x.loadFraction) * (1 + 0.5 * s.rotor_bar),
      phaseRad: 0,
    });
  }
  if (s.rotor_bar > 0 && x.slip > 0) {
    const polePassHz = 2 * x.slip * x.supplyHz;
    const a1 = velocityRmsToAccelPeakG(
      p.residualUnbalanceMmS * (x.shaftHz / p.referenceShaftHz) * 4,
      x.shaftHz,
    );
    // The unbalanced magnetic pull of a broken cage follows the rotor's currents, which are
    // proportional to the load torque (rated load: the level above).
    const sb = a1 * 0.6 * s.rotor_bar * path.shaftGain * x.loadFraction;
    tones.push({ freqHz: x.shaftHz - polePassHz, ampG: sb, phaseRad: 0.4 });
    tones.push({ freqHz: x.shaftHz + polePassHz, ampG: sb, phaseRad: 1.3 });
  }
  return tones;
}

/** Broadband structural noise RMS (g) at a sensor: lubrication loss and wear raise it. */
export function structuralNoiseG(
  p: VibrationParams,
  x: VibrationInput,
  loc: BearingLocation,
): number {
  const b = x.severities[loc];
  const other = x.severities[loc === 'de' ? 'fe' : 'de'];
  const wear = Math.max(b.outer_race, b.inner_race, b.ball);
  const speed = Math.pow(Math.max(x.shaftHz, 0) / p.referenceShaftHz, 1.5);
  const factor =
    1 +
    2.5 * b.lubrication +
    0.5 * other.lubrication +
    1.5 * Math.pow(Math.max(0, wear - 0.5), 2) +
    0.8 * x.severities.looseness;
  return p.machineNoiseG * speed * factor;
}

/** Exit-impact amplitude for a bearing defect of a given severity at an operating point. */
export function defectImpactAmplitude(
  p: VibrationParams,
  x: VibrationInput,
  severity: number,
): number {
  if (severity <= 0) return 0;
  const speed = Math.pow(x.shaftHz / p.referenceShaftHz, 1.5);
  const load = 0.4 + 0.6 * x.loadFraction;
  return p.defectImpactAtFailure * severity * speed * load;
}

/**
 * Synthesises vibration captures. Holds scratch buffers between calls, so one instance per
 * thread is cheap to reuse; resonator banks are cached per machine path and sample rate.
 */
export class VibrationSynth {
  private noise = new Float64Array(0);
  private table = new Float64Array(0);
  private excitation: Float64Array[] = [];
  /** Whether impacts were written into `excitation` since it was last zeroed. */
  private excitationDirty = false;
  private readonly tones = new PhasorSet();
  private readonly banks = new BoundedCache<ResonatorBank>(256);

  private bank(key: string, resonances: readonly Resonance[], fsHz: number): ResonatorBank {
    return this.banks.get(`${key}@${fsHz}`, () => new ResonatorBank(resonances, fsHz));
  }

  /**
   * One capture of `out.length` samples at fsHz for the sensor at `loc`, written into `out`
   * (acceleration in g at the bearing housing, before the accelerometer's own chain).
   * `pathKey` identifies the machine's path for caching its resonator bank.
   */
  synthesize(
    p: VibrationParams,
    x: VibrationInput,
    loc: BearingLocation,
    fsHz: number,
    out: Float64Array,
    rng: Random,
    pathKey: string,
  ): void {
    out.fill(0);
    const n = out.length;
    if (x.shaftHz <= 0) {
      // Stopped: only a little ambient floor vibration.
      rng.fillNormal(out);
      const level = 0.05 * p.machineNoiseG;
      for (let i = 0; i < n; i++) out[i] = level * out[i]!;
      return;
    }
    const path = loc === 'de' ? p.de : p.fe;
    const bank = this.bank(`${pathKey}:${loc}`, path.resonances, fsHz);
    const pre = Math.min(bank.settleSamples, 4 * n);
    const total = pre + n + 2;

    // Broadband excitation and bearing impacts through the structural modes.
    if (this.noise.length < total) this.noise = new Float64Array(total);
    const noise = this.noise.subarray(0, total);
    rng.fillNormal(noise);
    if (this.excitation.length !== bank.modeCount || (this.excitation[0]?.length ?? 0) < total) {
      this.excitation = bank.createExcitation(Math.max(total, this.excitation[0]?.length ?? 0));
    } else if (this.excitationDirty) {
      for (const u of this.excitation) u.fill(0);
    }
    this.excitationDirty = false;
    const exc = this.excitation;
    for (const bearingLoc of ['de', 'fe'] as const) {
      const gain = bearingLoc === loc ? 1 : path.crossGain;
      const kin = bearingLoc === 'de' ? p.deBearing : p.feBearing;
      const sev = x.severities[bearingLoc];
      for (const mode of BEARING_MODES) {
        const s = sev[mode];
        if (s <= 0) continue;
        const amp = defectImpactAmplitude(p, x, s) * gain;
        const defectRng = rng.fork(bearingLoc, mode);
        this.excitationDirty = true;
        emitDefectImpacts(mode, kin, x.shaftHz, s, amp, 0, (pre + n) / fsHz, defectRng, (t, a) => {
          bank.addImpact(exc, t, a);
        });
      }
    }
    const noiseLevel = bank.noiseGainRms > 0 ? structuralNoiseG(p, x, loc) / bank.noiseGainRms : 0;
    // Healthy bearings (most captures) leave the excitation zero: the bank skips reading it.
    bank.render(this.excitationDirty ? exc : null, noise, noiseLevel, out, pre);

    // Shaft-synchronous tones from a two-revolution wavetable.
    const L = 4096;
    if (this.table.length !== L + 1) this.table = new Float64Array(L + 1);
    const table = this.table;
    table.fill(0);
    const tones = this.tones;
    tones.clear();
    // a rotating phasor instead of a cosine per entry (exact to rounding over 4096 steps)
    for (const t of shaftOrderTones(p, x, loc)) {
      // at or above half the sample rate the DAQ's anti-alias filter removes a tone, as it
      // does the asynchronous ones below; left in, it folds back as a false line
      if (t.order * x.shaftHz >= fsHz / 2) continue;
      tones.add(t.ampG, t.phaseRad, (t.order * 4 * Math.PI) / L);
    }
    tones.addTo(table, 0, L + 1);
    const step = (L * x.shaftHz) / (2 * fsHz);
    let pos = rng.uniform() * L;
    for (let i = 0; i < n; i++) {
      const j = pos | 0;
      const f = pos - j;
      out[i] = out[i]! + table[j]! + f * (table[j + 1]! - table[j]!);
      pos += step;
      if (pos >= L) pos -= L;
    }

    // Asynchronous tones by phasor rotation.
    tones.clear();
    for (const t of asynchronousTones(p, x, loc)) {
      if (t.freqHz <= 0 || t.freqHz >= fsHz / 2) continue;
      tones.add(t.ampG, t.phaseRad + 2 * Math.PI * rng.uniform(), (2 * Math.PI * t.freqHz) / fsHz);
    }
    tones.addTo(out, 0, n);
  }
}

export interface OverallVibration {
  /** Velocity RMS in the ISO 10816/20816 band 10-1000 Hz, mm/s. */
  readonly velocityRmsMmS: number;
  /** Acceleration RMS, g, over the structural band. */
  readonly accelRmsG: number;
}

/**
 * Expected overall values of a capture, computed from the same components the synthesiser
 * uses (tones exactly; noise and impacts through each structural mode by their mean power,
 * a ring-down A e^{-s t} cos(w t + psi) carrying about A^2/(4 s) of energy). This is what the overall-value
 * channel of a vibration transmitter reports in slow telemetry.
 */
export function overallVibration(
  p: VibrationParams,
  x: VibrationInput,
  loc: BearingLocation,
): OverallVibration {
  if (x.shaftHz <= 0) return { velocityRmsMmS: 0, accelRmsG: 0.05 * p.machineNoiseG };
  const toMmS = (aG: number, f: number): number => (aG * G * 1000) / (2 * Math.PI * f);
  let vel2 = 0;
  let acc2 = 0;
  const addTone = (f: number, ampG: number): void => {
    acc2 += (ampG * ampG) / 2;
    if (f >= 10 && f <= 1000) vel2 += toMmS(ampG, f) ** 2 / 2;
  };
  // Tones of one order (imbalance's 1x and looseness's, misalignment's 2x and looseness's) add
  // as the synthesis adds them, with their phases, before their power is taken.
  const orders = new Map<number, { re: number; im: number }>();
  for (const t of shaftOrderTones(p, x, loc)) {
    const o = orders.get(t.order) ?? { re: 0, im: 0 };
    o.re += t.ampG * Math.cos(t.phaseRad);
    o.im += t.ampG * Math.sin(t.phaseRad);
    orders.set(t.order, o);
  }
  for (const [order, o] of orders) addTone(order * x.shaftHz, Math.hypot(o.re, o.im));
  for (const t of asynchronousTones(p, x, loc)) addTone(t.freqHz, t.ampG);
  const path = loc === 'de' ? p.de : p.fe;
  const modes = path.resonances.map((r) => ({
    f: r.freqHz,
    sigma: 2 * Math.PI * r.freqHz * r.dampingRatio,
    g: r.gain,
  }));
  // Share of broadband noise power carried by each mode (white excitation: ~ g^2 / sigma).
  const weights = modes.map((m) => (m.g * m.g) / m.sigma);
  const wSum = weights.reduce((a, b) => a + b, 0);
  const noise = structuralNoiseG(p, x, loc);
  modes.forEach((m, i) => {
    const ms = wSum > 0 ? (noise * noise * weights[i]!) / wSum : 0;
    acc2 += ms;
    // the mode's spectrum |H|^2 carries 1/(4 s) in all: 4 s |H|^2 is its shape
    vel2 += ms * 4 * m.sigma * noiseBandVelocity(m.f, m.sigma);
  });
  // Bearing impacts. Acceleration: passages per second x energy per passage, each ringing
  // every mode. A passage is an exit event a and an entry event -0.35 a one gap earlier; with a
  // lightly damped ring-down e^{-s t} cos(w t + psi), whose energy is about 1/(4 s) and whose
  // overlap with itself shifted by g about e^{-s g} cos(w g)/(4 s), a passage carries
  // a^2 (1 + 0.35^2 - 0.7 e^{-s g} cos(w g))/(4 s), a^2 averaged over the load zone the
  // defect sweeps and the spread between passages. Velocity (10-1000 Hz): from the lines of
  // the passage train (impactBandVelocity), since in that band successive passages ring the
  // modes in phase.
  for (const bearingLoc of ['de', 'fe'] as const) {
    const gain = bearingLoc === loc ? 1 : path.crossGain;
    const kin = bearingLoc === 'de' ? p.deBearing : p.feBearing;
    for (const mode of BEARING_MODES) {
      const s = x.severities[bearingLoc][mode];
      if (s <= 0) continue;
      const amp2 = (defectImpactAmplitude(p, x, s) * gain) ** 2;
      const a2 = amp2 * meanSquareLoad(mode, kin);
      const { periodS, gapS, sweepHz } = defectPassage(mode, kin, x.shaftHz, s);
      for (const m of modes) {
        const overlap = Math.exp(-m.sigma * gapS) * Math.cos(2 * Math.PI * m.f * gapS);
        const perPassage = 1 + ENTRY * ENTRY - 2 * ENTRY * overlap;
        acc2 += (a2 * m.g * m.g * perPassage) / (4 * m.sigma * periodS);
      }
      vel2 += amp2 * impactBandVelocity(modes, loadSpectrum(mode, kin), periodS, sweepHz, gapS);
    }
  }
  return { velocityRmsMmS: Math.sqrt(vel2), accelRmsG: Math.sqrt(acc2) };
}

/**
 * ISO-band velocity mean square, (mm/s)^2, of a train of bearing-defect passages of unit
 * amplitude (before load weighting), from its spectral lines. Passages every P seconds, each an
 * exit impact and an entry one -0.35 as large g earlier, weighted by the load factor q of the
 * angle the defect sweeps at sweepHz (Fourier coefficients Q_n) and, for a ball, by strikes
 * alternating between the races (s = mean + alt (-1)^k): the train's lines lie at
 * k / P + n sweepHz + h / (2 P), each of power 2 |Q_n|^2 |S_h|^2 / P^2 |G(f)|^2 (one-sided),
 * where G = sum over modes of g_m H_m (the zero-area ring-downs, added with their phases) times
 * the pair's 1 - 0.35 e^{-i w g}. The passages' random spread adds a continuum, spread^2
 * E[q^2 s^2] / P times each mode's band integral (impactPairBandVelocity). Jitter of 1-2 % barely
 * widens these lines below 1 kHz.
 */
function impactBandVelocity(
  modes: readonly { readonly f: number; readonly sigma: number; readonly g: number }[],
  load: LoadSpectrum,
  periodS: number,
  sweepHz: number,
  gapS: number,
): number {
  const rate = 1 / periodS;
  const nMax = sweepHz > 0 ? load.power.length - 1 : 0;
  // per mode: s^2 + w_m^2, 2 s and g cos(psi)
  const consts = modes.map((m) => {
    const wm2 = (2 * Math.PI * m.f) ** 2;
    return {
      a0: m.sigma * m.sigma + wm2,
      b1: 2 * m.sigma,
      gCos: m.g * Math.sqrt(wm2 / (wm2 + m.sigma * m.sigma)),
    };
  });
  let sum = 0;
  for (const [h, strike] of [
    [0, load.strikeMean],
    [1, load.strikeAlt],
  ] as const) {
    if (strike === 0) continue;
    for (let n = -nMax; n <= nMax; n++) {
      const q2 = load.power[Math.abs(n)]!;
      // harmonics carrying under 1e-5 of the load's power change the sum by less than that
      if (q2 < 1e-5 * load.meanSquare) continue;
      const offset = n * sweepHz + (h * rate) / 2;
      const kLo = Math.ceil((10 - offset) / rate);
      const kHi = Math.floor((1000 - offset) / rate);
      for (let k = kLo; k <= kHi; k++) {
        const f = k * rate + offset;
        if (f < 10 || f > 1000) continue;
        const om = 2 * Math.PI * f;
        let re = 0;
        let im = 0;
        for (const m of consts) {
          const a = m.a0 - om * om;
          const b = m.b1 * om;
          const c = (m.gCos * om) / (a * a + b * b);
          re += c * b;
          im += c * a;
        }
        const pair = 1 + ENTRY * ENTRY - 2 * ENTRY * Math.cos(om * gapS);
        const vel = (G * 1000) / om;
        sum += 2 * q2 * strike * strike * rate * rate * (re * re + im * im) * pair * vel * vel;
      }
    }
  }
  const strikes2 = load.strikeMean ** 2 + load.strikeAlt ** 2;
  let continuum = 0;
  for (const m of modes) continuum += m.g * m.g * impactPairBandVelocity(m.f, m.sigma, gapS);
  return sum + load.spread ** 2 * load.meanSquare * strikes2 * rate * continuum;
}

/** Frequencies (Hz) and trapezoid weights for integrating over the ISO band 10-1000 Hz. */
interface BandNodes {
  readonly f: Float64Array;
  readonly w: Float64Array;
  /** Velocity (mm/s)^2 per g^2 of acceleration at each node. */
  readonly toVel2: Float64Array;
}

const bandNodeCache = new BoundedCache<BandNodes>(4096);

/**
 * Integration nodes over 10-1000 Hz for a mode at fHz decaying at sigma (1/s): 400 log-spaced
 * nodes (for the 1/f^2 of the velocity) and 400 evenly spaced ones within 40 half-bandwidths
 * (sigma / 2 pi) of the mode, so that a lightly damped peak (0.5 Hz wide at 0.1 % damping) is
 * resolved wherever it lies; the tails beyond carry under 2 % of the mode and vary slowly.
 */
function bandNodes(fHz: number, sigma: number): BandNodes {
  return bandNodeCache.get(`${fHz}:${sigma}`, () => makeBandNodes(fHz, sigma));
}

function makeBandNodes(fHz: number, sigma: number): BandNodes {
  const halfWidth = 40 * (sigma / (2 * Math.PI));
  const lo = Math.max(10, fHz - halfWidth);
  const hi = Math.min(1000, fHz + halfWidth);
  const nodes: number[] = [];
  for (let i = 0; i < 400; i++) nodes.push(10 * Math.pow(100, i / 399));
  if (hi > lo) for (let i = 0; i < 400; i++) nodes.push(lo + ((hi - lo) * i) / 399);
  nodes.sort((a, b) => a - b);
  const f = Float64Array.from(nodes);
  const w = new Float64Array(f.length);
  for (let i = 0; i + 1 < f.length; i++) {
    const h = (f[i + 1]! - f[i]!) / 2;
    w[i] = w[i]! + h;
    w[i + 1] = w[i + 1]! + h;
  }
  const toVel2 = f.map((x) => ((G * 1000) / (2 * Math.PI * x)) ** 2);
  return { f, w, toVel2 };
}

const isoNoiseCache = new BoundedCache<number>(4096);

/**
 * Velocity mean square, (mm/s)^2, in the ISO band 10-1000 Hz of white noise through one mode
 * (f Hz, decay s 1/s) whose impulse response is the zero-area ring-down of unit amplitude
 * e^{-s t} cos(w_m t + psi), tan psi = s / w_m (resonance.ts: the noise is differenced before the
 * mode), per unit impulse per second: the integral over the band of 2 |H(f)|^2 (1000 G / (2 pi
 * f))^2, with |H|^2 = w^2 cos^2 psi / D, D = (s^2 + w_m^2 - w^2)^2 + 4 s^2 w^2. A mode above
 * 1 kHz still reaches into the band through its skirt.
 */
export function noiseBandVelocity(fHz: number, sigma: number): number {
  return isoNoiseCache.get(`${fHz}:${sigma}`, () => bandIntegral(fHz, sigma, null));
}

/**
 * The same for bearing impacts: pairs of the same ring-down, an exit impact and an entry one
 * -0.35 as large gapS earlier, whose spectrum P(f) = |1 - 0.35 e^{-2 pi i f g}|^2 multiplies it.
 * Telemetry asks at every reading of a faulty machine, with the gap moving with speed and
 * severity: a table over the gap per mode (built once, interpolated; the integral varies with
 * the gap on the scale of 1 / (2 pi 1000 Hz) = 0.16 ms, eight table steps).
 */
export function impactPairBandVelocity(fHz: number, sigma: number, gapS: number): number {
  if (!(gapS < GAP_TABLE_MAX_S)) return bandIntegral(fHz, sigma, gapS);
  const table = gapTables.get(`${fHz}:${sigma}`, () =>
    Float64Array.from({ length: GAP_TABLE_SIZE + 1 }, (_, i) =>
      bandIntegral(fHz, sigma, (i * GAP_TABLE_MAX_S) / GAP_TABLE_SIZE),
    ),
  );
  const x = (gapS / GAP_TABLE_MAX_S) * GAP_TABLE_SIZE;
  const i = Math.min(GAP_TABLE_SIZE - 1, Math.floor(x));
  return table[i]! + (x - i) * (table[i + 1]! - table[i]!);
}

const GAP_TABLE_MAX_S = 0.02;
const GAP_TABLE_SIZE = 1000;
const gapTables = new BoundedCache<Float64Array>(256);

/** The band integral by direct summation: noise (gapS null) or impact pairs gapS apart. */
function bandIntegral(fHz: number, sigma: number, gapS: number | null): number {
  const wm2 = (2 * Math.PI * fHz) ** 2;
  const s2 = sigma * sigma;
  const { f, w, toVel2 } = bandNodes(fHz, sigma);
  let sum = 0;
  for (let i = 0; i < f.length; i++) {
    const om = 2 * Math.PI * f[i]!;
    const d = s2 + wm2 - om * om;
    const num = (om * om * wm2) / (wm2 + s2);
    const pair = gapS === null ? 1 : 1 + ENTRY * ENTRY - 2 * ENTRY * Math.cos(om * gapS);
    sum += (w[i]! * 2 * num * pair * toVel2[i]!) / (d * d + 4 * s2 * om * om);
  }
  return sum;
}
