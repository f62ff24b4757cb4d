/** `pdm-twin export`: a bundle's models as one ONNX model. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { ensureParentFolder, writeBytesAtomic } from '../data/atomic-write.js';
import {
  exportBundleToOnnx,
  ONNX_HISTORY_INPUT,
  ONNX_HISTORY_MASK,
  ONNX_METADATA_KEY,
} from '../models/onnx/export.js';
import type { TrustOptions } from './trusted-bundle.js';
import { readTrustedBundle, TRUST_HELP } from './trusted-bundle.js';
import { refuseInputAsOutput, refuseOtherContent } from './paths.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'export a bundle\'s models to ONNX (input "features", and "history" for a sequence model; one output per task)',
    )
    .requiredOption('--model <bundle>', 'model bundle')
    .requiredOption('--onnx <file.onnx>', 'ONNX file to write')
    .option('--trust <pub...>', TRUST_HELP)
    .option('--allow-unsigned', 'accept an unsigned bundle')
    .action(async (o: { model: string; onnx: string } & TrustOptions) => {
      // What goes to edge devices must be what was signed.
      // nor a dataset's own files, where --onnx names one by mistake
      const folder = dirname(o.onnx);
      refuseInputAsOutput(
        o.onnx,
        '--onnx',
        [{ path: o.model, option: '--model' }],
        existsSync(join(folder, 'manifest.json')) ? [{ path: folder, option: 'folder' }] : [],
      );
      refuseOtherContent(o.onnx, '--onnx', 'onnx');
      const b = await readTrustedBundle(o.model, o);
      const e = exportBundleToOnnx(b);
      await ensureParentFolder(o.onnx);
      await writeBytesAtomic(o.onnx, e.bytes);
      process.stdout.write(
        `wrote ${o.onnx} (${(e.bytes.length / 1024).toFixed(0)} KiB): input features [N, ${b.features.names.length}]; ` +
          `outputs ${e.outputs.map((x) => `${x.name} [N, ${x.width}]${x.columns === undefined ? '' : ` (${x.columns.join(', ')})`}`).join(', ')}\n`,
      );
      if (e.historySteps !== null)
        process.stdout.write(
          `  input ${ONNX_HISTORY_INPUT} [N, ${e.historySteps}, ${b.features.names.length}]: each row's machine's last ${e.historySteps} rows of the same features, oldest first, the row itself last; ` +
            `${ONNX_HISTORY_MASK} [N, ${e.historySteps}]: 1 for a real row, 0 for padding before a machine's first row\n`,
        );
      process.stdout.write(
        `  the input's columns, each output's columns and the bundle's thresholds are in the model's metadata (key "${ONNX_METADATA_KEY}", JSON)\n`,
      );
      for (const s of e.skipped) process.stdout.write(`  not exported: ${s.reason}\n`);
    });
}
