import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainConfigSchema } from '../models/train-config.js';
import { shippedDefault } from './paths.js';
import { readSettingsFile } from './settings-file.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdm-settings-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('settings files', () => {
  it('holds a .json file to JSON, with line and column, and reads a .yaml one as YAML', async () => {
    const text = '{\n  "seed": 7,\n  "horizon": { "debounce": 3 },\n}\n';
    const json = join(dir, 'trailing.json');
    await writeFile(json, text);
    const err = await readSettingsFile(json, 'training config', TrainConfigSchema).then(
      () => null,
      (e: unknown) => e as { code: string; message: string },
    );
    expect(err?.code).toBe('PDM_CONFIG_INVALID');
    expect(err?.message).toMatch(/^training config .*trailing\.json:4:1: not valid JSON: /);
    // the same text is YAML's flow syntax, which takes a trailing comma
    const yaml = join(dir, 'trailing.yaml');
    await writeFile(yaml, text);
    expect((await readSettingsFile(yaml, 'training config', TrainConfigSchema)).seed).toBe(7);
    // a trailing comma in a list, whose position Node does not give: the comma's
    const list = join(dir, 'list.json');
    await writeFile(list, '{\n  "rul": { "quantiles": [0.1, 0.5, 0.9,] }\n}\n');
    await expect(readSettingsFile(list, 'training config', TrainConfigSchema)).rejects.toThrow(
      /list\.json:2:39: not valid JSON: Unexpected token '\]'$/,
    );
    const good = join(dir, 'good.json');
    await writeFile(good, '{"seed": 8}');
    expect((await readSettingsFile(good, 'training config', TrainConfigSchema)).seed).toBe(8);
  });

  it('reads a training config, and names the file, line and key of what is wrong', async () => {
    const ok = join(dir, 'ok.yaml');
    await writeFile(ok, 'seed: 3\nhorizon: { debounce: 3 }\n');
    const c = await readSettingsFile(ok, 'training config', TrainConfigSchema);
    expect(c.seed).toBe(3);
    expect(c.horizon.debounce).toBe(3);
    const dup = join(dir, 'dup.yaml');
    await writeFile(dup, 'seed: 1\nhorizon: {}\nseed: 2\n');
    await expect(readSettingsFile(dup, 'training config', TrainConfigSchema)).rejects.toMatchObject(
      {
        code: 'PDM_CONFIG_INVALID',
        message: expect.stringMatching(
          /^training config .*dup\.yaml:3:1: Map keys must be unique/,
        ) as string,
      },
    );
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'horizon: { debounce: 0 }\n');
    await expect(readSettingsFile(bad, 'training config', TrainConfigSchema)).rejects.toThrow(
      /training config .*bad\.yaml: invalid:\n {2}horizon\.debounce: /,
    );
    await expect(
      readSettingsFile(join(dir, 'none.yaml'), 'costs file', TrainConfigSchema),
    ).rejects.toMatchObject({ code: 'PDM_FILE_NOT_FOUND' });
    await expect(readSettingsFile(dir, 'costs file', TrainConfigSchema)).rejects.toThrow(
      /it is a folder; expected a file/,
    );
    // an empty file (or comments only) is refused; {} asks for every default
    const empty = join(dir, 'empty.yaml');
    await writeFile(empty, '# to do\n');
    await expect(readSettingsFile(empty, 'costs file', TrainConfigSchema)).rejects.toThrow(
      /^costs file .*empty\.yaml is empty; write \{\} to use every default/,
    );
    await writeFile(empty, '{}\n');
    expect((await readSettingsFile(empty, 'training config', TrainConfigSchema)).seed).toBe(
      TrainConfigSchema.parse({}).seed,
    );
  });

  it('finds a shipped default file from any folder, and leaves a path the user gave alone', () => {
    const here = process.cwd();
    try {
      process.chdir(dir);
      const found = shippedDefault('config/costs.yaml', 'config/costs.yaml');
      expect(found).toMatch(/config[\\/]costs\.yaml$/);
      expect(existsSync(found)).toBe(true);
      expect(shippedDefault('mine.yaml', 'config/costs.yaml')).toBe('mine.yaml');
    } finally {
      process.chdir(here);
    }
    // from the checkout itself, the relative path as given
    expect(shippedDefault('config/costs.yaml', 'config/costs.yaml')).toBe('config/costs.yaml');
  });
});
