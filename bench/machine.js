// Describes the machine a benchmark ran on; every benchmark prints this first.
import { availableParallelism, cpus, totalmem, platform, release } from 'node:os';

export function machineLine() {
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  return `machine: ${cpu}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()}, node ${process.version}`;
}

/** Median of a list of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
