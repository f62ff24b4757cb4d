/**
 * Splits a long recording into analysis windows of a fixed duration, as condition-monitoring
 * systems cut continuous streams into captures (ISO 13373-2 section 4: averaging and
 * overlap). The windows are `subarray` views on the recording: no samples are copied, so
 * writing into a window writes into the recording. A tail shorter than one window is dropped.
 */
import { PdmError } from '../core/errors.js';

/** Window length and hop, in samples, for windows of windowS seconds with the given overlap. */
export interface SegmentPlan {
  readonly windowSamples: number;
  readonly hopSamples: number;
  readonly count: number;
}

/**
 * How `segmentSignal` cuts `length` samples at fsHz into windows of windowS seconds (rounded
 * to whole samples) overlapping by `overlap` (a fraction in [0, 1); 0.5 = half a window).
 */
export function segmentPlan(
  length: number,
  fsHz: number,
  windowS: number,
  overlap = 0,
): SegmentPlan {
  if (!(fsHz > 0) || !Number.isFinite(fsHz)) {
    throw new PdmError('PDM_INPUT_INVALID', `fsHz: expected a finite rate > 0, got ${fsHz}`);
  }
  if (!(overlap >= 0 && overlap < 1)) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `overlap: expected a fraction in [0, 1), got ${overlap}`,
    );
  }
  const windowSamples = Math.round(windowS * fsHz);
  if (!Number.isFinite(windowS) || windowSamples < 1) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `windowS: expected a duration of at least one sample (${1 / fsHz} s), got ${windowS}`,
    );
  }
  const hopSamples = Math.max(1, Math.round(windowSamples * (1 - overlap)));
  const count = length < windowSamples ? 0 : Math.floor((length - windowSamples) / hopSamples) + 1;
  return { windowSamples, hopSamples, count };
}

/** Windows of windowS seconds (see `segmentPlan`) as views on x, in time order. */
export function segmentSignal<T extends Float32Array | Float64Array>(
  x: T,
  fsHz: number,
  windowS: number,
  overlap = 0,
): T[] {
  const { windowSamples, hopSamples, count } = segmentPlan(x.length, fsHz, windowS, overlap);
  const out: T[] = [];
  for (let i = 0; i < count; i++) {
    const start = i * hopSamples;
    // subarray keeps the array's own type; TypeScript types it as the union's member.
    out.push(x.subarray(start, start + windowSamples) as T);
  }
  return out;
}
