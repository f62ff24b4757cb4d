import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkOutputFile,
  refuseInputAsOutput,
  refuseOtherContent,
  refuseRepeatedDatasets,
} from './paths.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdm-paths-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('refuseInputAsOutput', () => {
  it('refuses an output that is an input file, also through a link or another spelling', async () => {
    const model = join(dir, 'model.json');
    await writeFile(model, '{}');
    const inputs = [{ path: model, option: '--model' }];
    expect(() => {
      refuseInputAsOutput(model, '--onnx', inputs);
    }).toThrow(`--onnx ${model}: is the --model file it is made from; write to another file`);
    await symlink(model, join(dir, 'link.json'));
    expect(() => {
      refuseInputAsOutput(join(dir, 'link.json'), '--onnx', inputs);
    }).toThrow(/is the --model file/);
    expect(() => {
      refuseInputAsOutput(join(dir, 'x', '..', 'model.json'), '--onnx', inputs);
    }).toThrow(/is the --model file/);
    expect(() => {
      refuseInputAsOutput(join(dir, 'model.onnx'), '--onnx', inputs);
    }).not.toThrow();
  });

  it("refuses a dataset's own files, not other files in its folder", async () => {
    const data = join(dir, 'data');
    await mkdir(data);
    const datasets = [{ path: data, option: '--data' }];
    expect(() => {
      refuseInputAsOutput(join(data, 'features.parquet'), '--out', [], datasets);
    }).toThrow(
      `--out ${join(data, 'features.parquet')}: is the features.parquet of the dataset in --data ${data}; write to another file`,
    );
    expect(() => {
      refuseInputAsOutput(join(data, 'manifest.json'), '--out', [], datasets);
    }).toThrow(/is the manifest\.json of the dataset/);
    expect(() => {
      refuseInputAsOutput(join(data, 'model.json'), '--out', [], datasets);
    }).not.toThrow();
  });
});

describe('checkOutputFile', () => {
  it('refuses a folder or a path through a file, before any work, and takes a new path', async () => {
    const f = join(dir, 'plain.txt');
    await writeFile(f, 'x');
    expect(() => {
      checkOutputFile(dir, '--out');
    }).toThrow(/^--out .*: is a folder; expected a file to write$/);
    expect(() => {
      checkOutputFile(join(f, 'model.json'), '--out');
    }).toThrow(/a part of the path before its last name is a file/);
    expect(() => {
      checkOutputFile(join(dir, 'new', 'deeper', 'model.json'), '--out');
    }).not.toThrow();
    expect(() => {
      checkOutputFile(f, '--out');
    }).not.toThrow();
  });
});

describe('refuseOtherContent', () => {
  it('refuses to replace a file of another kind, and replaces one of the same kind', async () => {
    const bundle = join(dir, 'kinds-bundle.json');
    const onnx = join(dir, 'kinds-model.onnx');
    const table = join(dir, 'kinds-table.parquet');
    await writeFile(bundle, '  {"format": "pdm-twin/model-bundle"}');
    await writeFile(onnx, Buffer.from([0x08, 0x07, 0x12, 0x08, 0x70, 0x64, 0x6d]));
    await writeFile(table, 'PAR1\u0015\u0004');
    // export --onnx onto a bundle or a table; sign or train --out onto a model or a table
    expect(() => {
      refuseOtherContent(bundle, '--onnx', 'onnx');
    }).toThrow(
      `--onnx ${bundle}: holds a JSON document (a model bundle or a manifest?), not an ONNX model, and would be replaced; choose another file (an existing ONNX model is replaced)`,
    );
    expect(() => {
      refuseOtherContent(table, '--onnx', 'onnx');
    }).toThrow(/holds a Parquet table, not an ONNX model/);
    expect(() => {
      refuseOtherContent(onnx, '--out', 'json');
    }).toThrow(/--out .*: holds binary or other content \(an ONNX model\?\), not a model bundle/);
    expect(() => {
      refuseOtherContent(table, '--out', 'json');
    }).toThrow(/holds a Parquet table, not a model bundle/);
    // the same kind, an empty file or no file: written over, as a new version
    for (const [path, writes] of [
      [onnx, 'onnx'],
      [bundle, 'json'],
      [join(dir, 'kinds-none.onnx'), 'onnx'],
    ] as const)
      expect(() => {
        refuseOtherContent(path, '--out', writes);
      }).not.toThrow();
    await writeFile(join(dir, 'kinds-bom.json'), '\uFEFF{"format": "pdm-twin/model-bundle"}');
    expect(() => {
      refuseOtherContent(join(dir, 'kinds-bom.json'), '--out', 'json');
    }).not.toThrow();
    await writeFile(join(dir, 'kinds-empty.json'), '');
    expect(() => {
      refuseOtherContent(join(dir, 'kinds-empty.json'), '--out', 'json');
    }).not.toThrow();
  });
});

describe('refuseRepeatedDatasets', () => {
  it('refuses one dataset twice: another spelling, a link, or a copy of its rows', async () => {
    const a = join(dir, 'ds-a');
    const copy = join(dir, 'ds-copy');
    const other = join(dir, 'ds-other');
    for (const [d, rows] of [
      [a, 'rows of a'],
      [copy, 'rows of a'],
      [other, 'rows of other'],
    ] as const) {
      await mkdir(d, { recursive: true });
      await writeFile(join(d, 'features.parquet'), rows);
    }
    await symlink(a, join(dir, 'ds-link'));
    expect(() => {
      refuseRepeatedDatasets([a, other], '--data');
    }).not.toThrow();
    for (const again of [`${a}/`, join(dir, 'ds-link'), copy])
      expect(() => {
        refuseRepeatedDatasets([a, other, again], '--data');
      }).toThrow(/^--data: .* holds the same rows as .*ds-a \(the same dataset twice\)/);
    // a folder without features is left to the reader to name
    expect(() => {
      refuseRepeatedDatasets([a, join(dir, 'missing')], '--data');
    }).not.toThrow();
  });
});
