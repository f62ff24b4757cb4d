// A bundle trained for a test: a fixed name, version, times and data fingerprint, one thread,
// so that what a test compares does not depend on the clock or the machine.
import type { Dataset } from '../../src/data/dataset.js';
import type { Bundle, Task } from '../../src/models/bundle.js';
import { sealBundle } from '../../src/models/bundle.js';
import type { TrainConfigInput } from '../../src/models/train-config.js';
import { TrainConfigSchema } from '../../src/models/train-config.js';
import { trainBundle } from '../../src/models/train-bundle.js';
import type { TrainProgress } from '../../src/models/train-common.js';

export async function trainTestBundle(
  ds: Dataset,
  tasks: Task[],
  config: TrainConfigInput = {},
  /** Receives what training notes ("fault: ..."). */
  notes?: string[],
  /** Receives training's progress reports. */
  onProgress?: (p: TrainProgress) => void,
): Promise<Bundle> {
  const r = await trainBundle({
    ...(onProgress === undefined ? {} : { onProgress }),
    ...(notes === undefined
      ? {}
      : { onNote: (task: Task, m: string) => notes.push(`${task}: ${m}`) }),
    ds,
    tasks,
    config: TrainConfigSchema.parse(config),
    name: 'test',
    version: '1',
    createdAt: '2026-01-01T00:00:00Z',
    createdBy: 'test',
    fingerprint: 'sha256:test',
    threads: 1,
  });
  return sealBundle(r.body);
}
