import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refuseInputAsOutput } from './paths.js';

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
