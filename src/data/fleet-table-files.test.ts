import { describe, expect, it } from 'vitest';
import { FleetTableFiles, type MachineTables, type TableWriter } from './fleet-table-files.js';
import { getColumnData, tableFromColumns, type Table } from './table.js';

/** A writer that records the machine ids of the rows appended to it, in order. */
class Recorder implements TableWriter {
  readonly ids: string[] = [];
  finished = false;
  aborted = false;
  constructor(private readonly failOn?: string) {}
  async append(t: Table): Promise<void> {
    await new Promise((r) => setTimeout(r, 1));
    const ids = getColumnData(t, 'machine_id', 'string');
    if (this.failOn !== undefined && ids.includes(this.failOn)) throw new Error('disk full');
    this.ids.push(...ids);
  }
  finish(): Promise<void> {
    this.finished = true;
    return Promise.resolve();
  }
  abort(): Promise<void> {
    this.aborted = true;
    return Promise.resolve();
  }
}

const machine = (id: string, rows: number, mode = 'normal'): MachineTables => {
  const t = tableFromColumns([
    { name: 'machine_id', type: 'string', data: Array.from({ length: rows }, () => id) },
    { name: 'mode', type: 'string', data: Array.from({ length: rows }, () => mode) },
  ]);
  return { machineId: id, features: t, telemetry: t };
};

const ids = ['m0', 'm1', 'm2', 'm3', 'm4'];
const order = new Map(ids.map((id, i) => [id, i]));

describe('FleetTableFiles', () => {
  it('writes machines in fleet order whatever order they finish in', async () => {
    const f = new Recorder();
    const t = new Recorder();
    const files = new FleetTableFiles(order, [f], t);
    for (const i of [3, 1, 4, 0, 2])
      files.add(machine(ids[i]!, i + 1, i === 2 ? 'ball' : 'normal'));
    await files.finish();
    const expected = ids.flatMap((id, i) => Array.from({ length: i + 1 }, () => id));
    expect(f.ids).toEqual(expected);
    expect(t.ids).toEqual(expected);
    expect([f.finished, t.finished]).toEqual([true, true]);
    expect(files.rows).toBe(15);
    expect([...files.machines]).toEqual(ids);
    expect([...files.modes].sort()).toEqual(['ball', 'normal']);
  });

  it('refuses to finish before every machine came, and a machine that comes twice', async () => {
    const files = new FleetTableFiles(order, [new Recorder()], new Recorder());
    files.add(machine('m0', 2));
    expect(() => {
      files.add(machine('m0', 2));
    }).toThrow('came twice');
    expect(() => {
      files.add(machine('x', 2));
    }).toThrow('not in the fleet');
    files.add(machine('m2', 2));
    await expect(files.finish()).rejects.toThrow('4 machines');
  });

  it('stops the run at the first write error and writes nothing after it', async () => {
    const f = new Recorder('m1');
    const files = new FleetTableFiles(order, [f], new Recorder());
    files.add(machine('m0', 1));
    files.add(machine('m1', 1));
    files.add(machine('m2', 1));
    await expect(files.flush()).rejects.toThrow('disk full');
    expect(() => {
      files.add(machine('m3', 1));
    }).toThrow('disk full');
    expect(f.ids).toEqual(['m0']);
  });

  it('stop drops the machines still queued', async () => {
    const f = new Recorder();
    const files = new FleetTableFiles(order, [f], new Recorder());
    for (const id of ids) files.add(machine(id, 1));
    await files.stop();
    expect(f.ids.length).toBeLessThanOrEqual(1);
    files.add(machine('m4', 1));
    expect(f.ids.length).toBeLessThanOrEqual(1);
  });
});
