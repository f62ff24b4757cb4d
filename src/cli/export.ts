/** `pdm-twin export`: a bundle's models as one ONNX model. */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { PdmError } from '../core/errors.js';
import { readBundleFile } from '../models/bundle-file.js';
import { exportBundleToOnnx } from '../models/onnx/export.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export a bundle\'s models to ONNX (input "features"; one output per task)')
    .requiredOption('--model <bundle>', 'model bundle')
    .requiredOption('--onnx <file.onnx>', 'ONNX file to write')
    .action(async (o: { model: string; onnx: string }) => {
      const b = await readBundleFile(o.model);
      const e = exportBundleToOnnx(b);
      try {
        await writeFile(o.onnx, e.bytes);
      } catch (err) {
        throw new PdmError('PDM_IO', `cannot write ${o.onnx}: ${(err as Error).message}`, {
          cause: err,
        });
      }
      process.stdout.write(
        `wrote ${o.onnx} (${(e.bytes.length / 1024).toFixed(0)} KiB): input features [N, ${b.features.names.length}]; ` +
          `outputs ${e.outputs.map((x) => `${x.name} [N, ${x.width}]`).join(', ')}\n`,
      );
      for (const s of e.skipped) process.stdout.write(`  not exported: ${s.reason}\n`);
    });
}
