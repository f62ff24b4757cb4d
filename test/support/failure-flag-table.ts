/**
 * A labelled maintenance table with a rare 0/1 failure flag, made by rules of the kind public
 * machine-failure sets are generated with (milling process: type L/M/H, air and process
 * temperature, speed, torque, tool wear; a failure when tool wear runs out, heat cannot be
 * dissipated at low speed, power leaves its window, the tool is overstrained, or at random).
 * Used to check how diagnosis treats a rare failure class.
 */
import { Random } from '../../src/core/random.js';

export const FAILURE_FLAG_HEADER =
  'UDI,Product ID,Type,Air temperature [K],Process temperature [K],Rotational speed [rpm],Torque [Nm],Tool wear [min],Machine failure';

/** CSV text of `rows` observations; failures are about 5 % of them. */
export function failureFlagTable(rows: number, seed: number): string {
  const rng = new Random(seed, 'failure-flag');
  const lines = [FAILURE_FLAG_HEADER];
  let air = 300;
  let wear = 0;
  let wearLimit = 200 + 40 * rng.uniform();
  for (let i = 0; i < rows; i++) {
    const u = rng.uniform();
    const type = u < 0.5 ? 'L' : u < 0.8 ? 'M' : 'H';
    air += 0.05 * rng.normal() + (300 - air) * 0.002;
    const proc = air + 10 + rng.normal();
    const torque = Math.max(3, 40 + 10 * rng.normal());
    const rpm = Math.round(1538 + 80 * rng.normal() - 16 * (torque - 40));
    wear += type === 'L' ? 2 : type === 'M' ? 3 : 5;
    let toolFailure = false;
    if (wear >= wearLimit) {
      toolFailure = rng.uniform() < 0.5;
      wear = 0;
      wearLimit = 200 + 40 * rng.uniform();
    }
    const heat = proc - air < 8.6 && rpm < 1380;
    const powerW = (torque * rpm * 2 * Math.PI) / 60;
    const power = powerW < 3500 || powerW > 9000;
    const strain = wear * torque > (type === 'L' ? 11_000 : type === 'M' ? 12_000 : 13_000);
    const random = rng.uniform() < 0.001;
    const failed = toolFailure || heat || power || strain || random;
    lines.push(
      [
        i + 1,
        `${type}${10_000 + i}`,
        type,
        air.toFixed(1),
        proc.toFixed(1),
        rpm,
        torque.toFixed(1),
        wear,
        failed ? 1 : 0,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
