import { describe, expect, it } from 'vitest';
import { scenarioFrom } from '../twin/scenario.js';
import { bytesText, captureSamples, captureSizeNote, freeBytes } from './output-size.js';

describe('capture size estimate', () => {
  // 10 machines x 8760 h, hourly 1 s at 12 kHz on two accelerometers and 8 s of current at 2 kHz
  const big = scenarioFrom({
    durationH: 8760,
    capture: {
      periodH: 1,
      durationS: 1,
      sampleRateHz: 12_000,
      sensors: ['de', 'fe'],
      current: true,
      currentSampleRateHz: 2000,
      currentDurationS: 8,
    },
    fleet: [{ count: 10 }],
  });

  it('counts every waveform sample of the run', () => {
    expect(captureSamples(big)).toBe(10 * 8760 * (2 * 12_000 + 8 * 2000));
    // the quickstart: 4 machines x 720 h every 6 h, two accelerometers, no current
    const quick = scenarioFrom({
      durationH: 720,
      capture: { periodH: 6, durationS: 1, sampleRateHz: 12_000, sensors: ['de', 'fe'] },
      fleet: [{ count: 4 }],
    });
    expect(captureSamples(quick)).toBe(480 * 24_000);
  });

  it('says nothing for a small run, and warns when the disk is short', () => {
    const small = scenarioFrom({ durationH: 24, fleet: [{ count: 1 }] });
    expect(captureSizeNote(small, 'parquet', '/tmp/x', 'advice', 1e12)).toBeNull();
    // 3.504e9 samples: 8.8 GB as Parquet, 158 GB as CSV
    expect(captureSizeNote(big, 'parquet', '/tmp/x', '--no-captures', 1e12)).toBe(
      'note: the captures of this run take about 8.8 GB as parquet; --no-captures',
    );
    expect(captureSizeNote(big, 'csv', '/tmp/x', '--no-captures', 50e9)).toBe(
      'note: the captures of this run take about 157.7 GB as csv (8.8 GB as parquet); ' +
        'warning: the disk of /tmp/x has 50.0 GB free, too little; --no-captures',
    );
    expect([bytesText(850e6), bytesText(12e3), bytesText(1.25e9)]).toEqual([
      '850 MB',
      '12 kB',
      '1.3 GB',
    ]);
  });

  it('reads the free space of the nearest folder that exists', () => {
    const free = freeBytes('/tmp/does/not/exist/yet');
    expect(free).not.toBeNull();
    expect(free!).toBeGreaterThan(0);
  });
});
