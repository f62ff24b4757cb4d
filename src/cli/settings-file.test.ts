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
