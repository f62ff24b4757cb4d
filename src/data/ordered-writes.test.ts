import { describe, expect, it } from 'vitest';
import { OrderedWrites } from './ordered-writes.js';

interface M {
  readonly machineId: string;
}

const ids = ['m0', 'm1', 'm2', 'm3', 'm4'];
const order = new Map(ids.map((id, i) => [id, i]));
const m = (machineId: string): M => ({ machineId });

/** A write that takes a moment and records the machines it was given, in order. */
function recorder(failOn?: string): { written: string[]; write: (x: M) => Promise<void> } {
  const written: string[] = [];
  return {
    written,
    write: async (x) => {
      await new Promise((r) => setTimeout(r, 1));
      if (x.machineId === failOn) throw new Error('disk full');
      written.push(x.machineId);
    },
  };
}

describe('OrderedWrites', () => {
  it('writes machines in fleet order whatever order they finish in', async () => {
    const r = recorder();
    const q = new OrderedWrites(order, r.write);
    for (const i of [3, 1, 4, 0, 2]) q.add(m(ids[i]!));
    await q.finish();
    expect(r.written).toEqual(ids);
  });

  it('refuses to finish before every machine came, and a machine that comes twice', async () => {
    const q = new OrderedWrites(order, recorder().write);
    q.add(m('m0'));
    expect(() => {
      q.add(m('m0'));
    }).toThrow('came twice');
    expect(() => {
      q.add(m('x'));
    }).toThrow('not in the fleet');
    q.add(m('m2'));
    await expect(q.finish()).rejects.toThrow('4 machines');
  });

  it('stops the run at the first write error and writes nothing after it', async () => {
    const r = recorder('m1');
    const q = new OrderedWrites(order, r.write);
    q.add(m('m0'));
    q.add(m('m1'));
    q.add(m('m2'));
    await expect(q.flush()).rejects.toThrow('disk full');
    expect(() => {
      q.add(m('m3'));
    }).toThrow('disk full');
    expect(r.written).toEqual(['m0']);
  });

  it('stop drops the machines still queued', async () => {
    const r = recorder();
    const q = new OrderedWrites(order, r.write);
    for (const id of ids) q.add(m(id));
    await q.stop();
    expect(r.written.length).toBeLessThanOrEqual(1);
    await q.flush();
    expect(r.written.length).toBeLessThanOrEqual(1);
  });
});
