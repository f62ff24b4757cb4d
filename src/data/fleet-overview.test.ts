import { describe, expect, it } from 'vitest';
import { FleetOverview, levelDb, machineSummary } from './fleet-overview.js';
import { tableFromColumns, type Table } from './table.js';

/** Telemetry of one machine: 10-minute rows over durationH, levels from level(tH). */
function telemetry(
  id: string,
  durationH: number,
  level: (tH: number) => {
    vel: number;
    acc: number;
    running?: boolean;
    mode?: string;
    rulH?: number;
  },
  stepH = 1 / 6,
): Table {
  const n = Math.round(durationH / stepH);
  const t = Float64Array.from({ length: n }, (_, i) => i * stepH);
  const rows = Array.from(t, (x) => level(x));
  return tableFromColumns([
    { name: 'machine_id', type: 'string', data: rows.map(() => id) },
    { name: 'time_h', type: 'float64', data: t },
    {
      name: 'status',
      type: 'string',
      data: rows.map((r) => (r.running === false ? 'down' : 'running')),
    },
    { name: 'mode', type: 'string', data: rows.map((r) => r.mode ?? 'normal') },
    { name: 'rul_h', type: 'float64', data: Float64Array.from(rows, (r) => r.rulH ?? Number.NaN) },
    { name: 'vib_de_vel_mm_s', type: 'float64', data: Float64Array.from(rows, (r) => r.vel) },
    // the fan end reads half the drive end's level: the larger of the two is drawn
    { name: 'vib_fe_vel_mm_s', type: 'float64', data: Float64Array.from(rows, (r) => r.vel / 2) },
    { name: 'vib_de_acc_g', type: 'float64', data: Float64Array.from(rows, (r) => r.acc / 2) },
    { name: 'vib_fe_acc_g', type: 'float64', data: Float64Array.from(rows, (r) => r.acc) },
  ]);
}

function events(rows: [string, number, string, string][]): Table {
  return tableFromColumns([
    { name: 'machine_id', type: 'string', data: rows.map((r) => r[0]) },
    { name: 'time_h', type: 'float64', data: Float64Array.from(rows, (r) => r[1]) },
    { name: 'type', type: 'string', data: rows.map((r) => r[2]) },
    { name: 'mode', type: 'string', data: rows.map((r) => r[3]) },
  ]);
}

describe('fleet overview', () => {
  it('levels in dB over the first day of running, with gaps where the machine stood', () => {
    // first day at 2.0 (the median of 1, 2, 3), then 20: +20 dB; 0 (stopped) is a gap
    const v = Float64Array.from([1, 2, 3, 20, 0, Number.NaN, 0.2]);
    const db = levelDb(v, 3);
    expect(db[0]).toBeCloseTo(20 * Math.log10(0.5), 12);
    expect(db[1]).toBe(0);
    expect(db[3]).toBeCloseTo(20, 12);
    expect(db[4]).toBeNaN();
    expect(db[5]).toBeNaN();
    expect(db[6]).toBeCloseTo(-20, 12);
    // a machine that never ran has no level at all
    expect([...levelDb(new Float64Array(4), 2)].every(Number.isNaN)).toBe(true);
  });

  it('keeps the largest reading of either bearing per bucket, and none while down', () => {
    const o = new FleetOverview(48, ['a'], 12, 48); // one-hour buckets
    o.addTelemetry(
      telemetry('a', 48, (t) => ({
        vel: t >= 10 && t < 10.2 ? 9 : 1, // a 10-minute peak survives the bucketing
        acc: 0.1,
        running: !(t >= 30 && t < 32),
      })),
    );
    const svg = o.figure(events([]), 'T');
    expect(svg).toContain('a: healthy');
    const db = levelDb(
      (o as unknown as { series: Map<string, { vel: Float64Array }> }).series.get('a')!.vel,
      24,
    );
    expect(db[10]).toBeCloseTo(20 * Math.log10(9), 9);
    expect(db[11]).toBeCloseTo(0, 12);
    expect(Number.isNaN(db[30]!) && Number.isNaN(db[31]!)).toBe(true);
    expect(db[32]).toBeCloseTo(0, 12);
  });

  it('never makes buckets shorter than the telemetry period, so a line has no holes', () => {
    // hourly telemetry over two days: 1,500 buckets would leave most of them empty
    const o = new FleetOverview(48, ['a'], 12, 1500, 1);
    o.addTelemetry(telemetry('a', 48, () => ({ vel: 1, acc: 0.1 }), 1));
    const kept = (o as unknown as { series: Map<string, { vel: Float64Array }> }).series;
    const vel = kept.get('a')!.vel;
    expect(vel.length).toBe(48);
    expect(vel.every((v) => v === 1)).toBe(true);
  });

  it('draws failed machines first, then faulty, then healthy, keeping no more than it draws', () => {
    const order = ['h1', 'f1', 'x1', 'f2', 'h2', 'x2', 'h3', 'h4', 'h5', 'never-ran', 'p1'];
    const o = new FleetOverview(24, order, 3, 24);
    const label: Record<string, { mode?: string; rulH?: number }> = {
      f1: { mode: 'imbalance' },
      x1: { mode: 'outer_race', rulH: 20 },
      f2: { mode: 'lubrication' },
      x2: { mode: 'fan', rulH: 5 },
      // a failure the labels see 100 h ahead, after the run's 24 h: faulty, not failed
      p1: { mode: 'rotor_bar', rulH: 100 },
    };
    // machines arrive one table each, as the runs send them, in another order than the fleet's
    for (const id of ['x2', 'h5', 'p1', 'h2', 'f2', 'h1', 'h4', 'f1', 'x1', 'h3'])
      o.addTelemetry(
        telemetry(id, 24, (t) => ({ vel: 1, acc: 0.1, ...(t >= 2 ? (label[id] ?? {}) : {}) })),
      );
    expect(o.chooseMachines()).toEqual(['x1', 'x2', 'f1']);
    // at most 3 of each group are kept, whatever the fleet's size
    const kept = (o as unknown as { series: Map<string, unknown> }).series;
    expect([...kept.keys()].sort()).toEqual(['f1', 'f2', 'h1', 'h2', 'h3', 'p1', 'x1', 'x2']);
    const ev = events([
      ['f1', 2, 'onset', 'imbalance'],
      ['x1', 3, 'onset', 'outer_race'],
      ['x1', 20, 'failure', 'outer_race'],
      ['x1', 20, 'maintenance', ''],
    ]);
    const svg = o.figure(ev, 'Fleet');
    expect(svg).toContain('Fleet: 3 of 10 machines, failed first');
    expect(svg).toContain('x1: outer_race failure at day 0.8');
    expect(svg).toContain('f1: imbalance from day 0.1');
    expect(svg).not.toContain('h1: healthy');
    // three machines or fewer: every one is drawn
    const small = new FleetOverview(24, ['a', 'b'], 3, 24);
    for (const id of ['a', 'b'])
      small.addTelemetry(telemetry(id, 24, () => ({ vel: 1, acc: 0.1 })));
    expect(small.chooseMachines()).toEqual(['a', 'b']);
    const fig = small.figure(events([]), 'F');
    expect(fig).toContain('>F: 2 machines</text>');
    // one key for all panels, under the title, and no legend inside a panel
    expect(fig).toContain('velocity (blue) and acceleration (grey) RMS in dB over day 1');
    expect(fig).not.toContain('>velocity</text>');
  });

  it('takes the kinds of machine in turn within a state', () => {
    const order = ['p1', 'p2', 'p3', 'p4', 'c1', 'c2'];
    const o = new FleetOverview(24, order, 3, 24, 1 / 6, (id) => (id.startsWith('p') ? 0 : 1));
    for (const id of order)
      o.addTelemetry(telemetry(id, 24, () => ({ vel: 1, acc: 0.1, mode: 'fan', rulH: 9 })));
    // all failed: the first pump, the first conveyor, the second pump
    expect(o.chooseMachines()).toEqual(['p1', 'c1', 'p2']);
    // at most 3 of each kind are kept: p4 is gone
    const kept = (o as unknown as { series: Map<string, unknown> }).series;
    expect([...kept.keys()].sort()).toEqual(['c1', 'c2', 'p1', 'p2', 'p3']);
  });

  it('summarises a machine by its first failure, else its faults, else healthy', () => {
    expect(machineSummary([])).toBe('healthy');
    expect(
      machineSummary([
        { timeH: 48, type: 'onset', mode: 'ball' },
        { timeH: 60, type: 'onset', mode: 'lubrication' },
        { timeH: 70, type: 'onset', mode: 'ball' },
      ]),
    ).toBe('ball, lubrication from day 2.0');
    expect(
      machineSummary([
        { timeH: 240, type: 'failure', mode: 'fan' },
        { timeH: 480, type: 'failure', mode: 'imbalance' },
      ]),
    ).toBe('fan failure at day 10.0 (+1 more)');
  });
});
