/**
 * The labels each task learns from and is scored on, and where datasets get them: one table
 * for `train` (which refuses a task without its labels) and `evaluate` (which skips it).
 */
import type { DatasetManifest } from '../data/dataset.js';
import type { Task } from './bundle.js';

/** Labels a task needs that a dataset lacks, and where such labels come from. */
export interface LabelGap {
  readonly labels: string;
  readonly source: string;
}

const RUL_SOURCE =
  'remaining life comes from `generate`, `import waveforms --run-to-failure` and ' +
  '`import table --run-to-failure` or `--final-rul`';

/**
 * What `task` needs and the dataset lacks, or null when it has it. Anomaly scores learn from
 * any data (callers add their own rules on healthy rows), so they lack nothing here.
 */
export function labelGap(task: Task, has: DatasetManifest['labels']['has']): LabelGap | null {
  switch (task) {
    case 'fault':
      return has.mode
        ? null
        : {
            labels: 'class labels (mode)',
            source:
              'class labels come from `generate`, a `label` column in the manifest of `import waveforms`, and `import table --label`',
          };
    case 'horizon':
      return has.maintenanceDue
        ? null
        : { labels: 'remaining-life labels (maintenance_due)', source: RUL_SOURCE };
    case 'rul':
      return has.rul ? null : { labels: 'remaining-life labels (rul)', source: RUL_SOURCE };
    case 'anomaly':
      return null;
  }
}
