// Runs the built binary as a user would: help, a real computation, and bad input.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../bin/pdm-twin.js', import.meta.url).pathname;

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
}

describe('pdm-twin CLI', () => {
  it('prints help listing its verbs', () => {
    const out = execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(out).toMatch(/Usage: pdm-twin/);
    expect(out).toMatch(/bearing/);
  });

  it('prints 6205 defect frequencies as JSON', () => {
    const r = run(['bearing', '--rpm', '1800', '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { frequenciesHz: { shaftHz: number; bpfoHz: number } };
    expect(j.frequenciesHz.shaftHz).toBe(30);
    expect(j.frequenciesHz.bpfoHz / 30).toBeCloseTo(3.5848, 3);
  });

  it('rejects a bad value with exit code 2 and names the flag', () => {
    const r = run(['bearing', '--rpm', 'fast']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error \[PDM_USAGE\]: .*--rpm expects a number/);
    // the option parser's own errors carry the code too
    const missing = run(['train']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^error \[PDM_USAGE\]: required option '--data <dirs>'/);
    expect(run(['nosuch']).stderr).toMatch(/^error \[PDM_USAGE\]: unknown command 'nosuch'/);
    const seed = run(['generate', '--seed', '1.5', '--out', join(tmpdir(), 'pdm-never-written')]);
    expect(seed.status).toBe(2);
    expect(seed.stderr).toMatch(/^error \[PDM_USAGE\]: .*--seed expects an integer, got "1\.5"/);
    // a misspelt required option is named as unknown, not as the required one missing
    const typo = run(['bearing', '--rmp', '1797']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/unknown option '--rmp'\n\(Did you mean --rpm\?\)/);
    expect(run(['bearing']).stderr).toMatch(/required option '--rpm <rpm>' not specified/);
    const g = run(['bearing', '--rpm', '1800', '--bearing', '9,7.94']);
    expect(g.status).toBe(2);
    expect(g.stderr).toMatch(/PDM_USAGE/);
    expect(g.stderr).not.toMatch(/at .*\.js/); // no stack trace without --debug
  });

  it('finds the shipped default scenario from any folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pdm-cli-'));
    try {
      // a folder that already holds a result: the scenario is read first, then --out refused
      writeFileSync(join(dir, 'manifest.json'), '{}\n');
      const g = spawnSync(process.execPath, [BIN, 'generate', '--out', dir], {
        encoding: 'utf8',
        cwd: dir,
      });
      expect(g.status).toBe(1);
      expect(g.stderr).toMatch(/PDM_OUTPUT_EXISTS.*already holds a result/);
      expect(g.stderr).not.toMatch(/scenario/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what is wrong with a waveform request, in the flags the user gave', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pdm-cli-'));
    try {
      const big = run([
        'waveform',
        '--seconds',
        '3600',
        '--fs',
        '1000000',
        '--out',
        join(dir, 'w.csv'),
        '--force',
      ]);
      expect(big.status).toBe(2);
      expect(big.stderr).toMatch(
        /--seconds 3600 at --fs 1000000: 3600000000 samples; at most 50 M/,
      );
      const low = run([
        'waveform',
        '--fault',
        'outer_race',
        '--fs',
        '1000',
        '--rpm',
        '1797',
        '--out',
        join(dir, 'w.csv'),
        '--force',
      ]);
      expect(low.status).toBe(0);
      expect(low.stderr).toMatch(
        /band ends at 500 Hz, below the structural resonances a bearing defect rings \(kHz\): the capture cannot show the outer_race defect/,
      );
      // no bearing defect to miss: no note; too short a capture: a note; none at all: refused
      const normal = run([
        'waveform',
        '--fault',
        'normal',
        '--fs',
        '1000',
        '--out',
        join(dir, 'w.csv'),
        '--force',
      ]);
      expect(normal.stderr).toBe('');
      const short = run(['waveform', '--seconds', '0.01', '--out', join(dir, 'w.csv'), '--force']);
      expect(short.stderr).toMatch(/note: 120 samples; the feature library needs at least 256/);
      const none = run([
        'waveform',
        '--seconds',
        '0.001',
        '--fs',
        '100',
        '--out',
        join(dir, 'w.csv'),
        '--force',
      ]);
      expect(none.status).toBe(2);
      expect(none.stderr).toMatch(/--seconds 0\.001 at --fs 100: no sample/);
      const again = run(['waveform', '--out', join(dir, 'w.csv')]);
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(
        /PDM_OUTPUT_EXISTS\]: --out .*w\.csv already exists; choose another --out or pass --force/,
      );
      const ok = run([
        'waveform',
        '--fs',
        '12000',
        '--rpm',
        '1797',
        '--out',
        join(dir, 'w.csv'),
        '--force',
      ]);
      expect(ok.stderr).toBe('');
      const parquet = run(['waveform', '--out', join(dir, 'w.parquet')]);
      expect(parquet.status).toBe(2);
      expect(parquet.stderr).toMatch(/--out .*w\.parquet: waveform writes CSV/);
      const folder = run(['waveform', '--out', dir]);
      expect(folder.status).toBe(2);
      expect(folder.stderr).toMatch(/cannot write .*: it is a folder; expected a file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pdm-twin CLI interrupted', () => {
  // A generate long enough to be caught running: stopped by SIGTERM as a process manager
  // stops it, it exits with 143 (128 + 15) and says what it does, without Ctrl-C's advice.
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    'exits with the status a shell reports for %s',
    async (sig, status) => {
      const dir = mkdtempSync(join(tmpdir(), 'pdm-cli-int-'));
      try {
        const scenario = join(dir, 's.yaml');
        writeFileSync(
          scenario,
          'seed: 1\ndurationH: 2000\ncapture: {periodH: 1}\nfleet: [{count: 6}]\n',
        );
        const child = spawn(process.execPath, [
          BIN,
          'generate',
          '--scenario',
          scenario,
          '--out',
          join(dir, 'ds'),
          '--workers',
          '1',
        ]);
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
        });
        const done = new Promise<number | null>((resolve) => child.on('exit', resolve));
        // the first progress line says the workers are running
        while (!/generate: /.test(stderr)) await new Promise((r) => setTimeout(r, 100));
        child.kill(sig);
        expect(await done).toBe(status);
        expect(stderr).toMatch(/error \[PDM_INTERRUPTED\]/);
        if (sig === 'SIGTERM') {
          expect(stderr).toMatch(/interrupting \(SIGTERM\): stopping workers/);
          expect(stderr).not.toMatch(/Ctrl-C/);
        } else expect(stderr).toMatch(/press Ctrl-C again to exit now/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it('finishes the job when the reader of its output stops early (| head)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pdm-cli-pipe-'));
    try {
      const scenario = join(dir, 's.yaml');
      writeFileSync(scenario, 'seed: 2\ndurationH: 600\nfleet: [{count: 3}]\n');
      const child = spawn(process.execPath, [
        BIN,
        'simulate',
        '--scenario',
        scenario,
        '--out',
        join(dir, 'sim'),
        '--no-captures',
        '--workers',
        '1',
      ]);
      // the reader goes away after the first progress line: later lines meet a closed pipe
      child.stderr.once('data', () => {
        child.stderr.destroy();
        child.stdout.destroy();
      });
      const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(status).toBe(0);
      expect(readdirSync(join(dir, 'sim'))).toContain('manifest.json');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('removes the unfinished file of a long waveform', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pdm-cli-int-'));
    try {
      const child = spawn(process.execPath, [
        BIN,
        'waveform',
        '--seconds',
        '1200',
        '--out',
        join(dir, 'big.csv'),
      ]);
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const done = new Promise<number | null>((resolve) => child.on('exit', resolve));
      // caught while it writes: its temporary file is there
      while (!readdirSync(dir).some((f) => f.endsWith('.tmp')))
        await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGINT');
      expect(await done).toBe(130);
      expect(stderr).toMatch(/error \[PDM_INTERRUPTED\]: interrupted; .*big\.csv was not written/);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
