/**
 * The machines' feature and telemetry tables of `generate` go to their files as they arrive,
 * in machine order (a machine finished early waits for those before it), so neither the whole
 * fleet's tables nor their join is ever held in memory, and the encoding overlaps the
 * simulation. `add` queues and returns at once, so the workers get their next machine without
 * waiting for the writes.
 */
import type { CsvTableWriter } from './csv.js';
import type { GeneratedMachine } from './generate-machine.js';
import type { ParquetTableWriter } from './parquet.js';
import { getColumnData, rowCount } from './table.js';

/** What a fleet's tables are written with (Parquet or CSV). */
export type TableWriter = Pick<ParquetTableWriter | CsvTableWriter, 'append' | 'finish' | 'abort'>;

/** The parts of a machine's result that go to the streamed files. */
export type MachineTables = Pick<GeneratedMachine, 'machineId' | 'features' | 'telemetry'>;

export class FleetTableFiles {
  private readonly waiting = new Map<number, MachineTables>();
  private next = 0;
  private chain: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;
  private stopped = false;
  /** Feature rows written, their machines and their modes (for the manifest). */
  rows = 0;
  readonly machines = new Set<string>();
  readonly modes = new Set<string>();

  /**
   * `order`: each machine id's place in the fleet; `features`: the writers every machine's
   * feature rows go to; `telemetry`: the telemetry's writer.
   */
  constructor(
    private readonly order: ReadonlyMap<string, number>,
    private readonly features: readonly TableWriter[],
    private readonly telemetry: TableWriter,
  ) {}

  /** Queues a machine's tables; throws the first write error, so that the run stops. */
  add(r: MachineTables): void {
    if (this.failure !== null) throw this.failure.error;
    if (this.stopped) return;
    const place = this.order.get(r.machineId);
    if (place === undefined || place < this.next || this.waiting.has(place)) {
      throw new Error(`machine ${r.machineId}: not in the fleet, or its tables came twice`);
    }
    this.waiting.set(place, r);
    for (let m = this.waiting.get(this.next); m !== undefined; m = this.waiting.get(this.next)) {
      this.waiting.delete(this.next++);
      const machine = m;
      this.chain = this.chain.then(() => this.write(machine));
      this.chain.catch((error: unknown) => {
        this.failure ??= { error };
      });
    }
  }

  /** Waits for every queued write; rethrows the first failure. */
  async flush(): Promise<void> {
    await this.chain;
  }

  /**
   * Writes the files' last rows and footers and moves them into place, telemetry first. Every
   * machine of the fleet must have been added.
   */
  async finish(): Promise<void> {
    await this.chain;
    if (this.next !== this.order.size) {
      throw new Error(`${this.order.size - this.next} machines' tables never arrived`);
    }
    await this.telemetry.finish();
    for (const w of this.features) await w.finish();
  }

  /**
   * Stops writing (after a failure or an interruption): machines still queued are dropped, and
   * this resolves when the write under way, if any, has ended. The caller aborts the writers.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.chain.catch(() => undefined);
  }

  private async write(r: MachineTables): Promise<void> {
    if (this.stopped) return;
    this.rows += rowCount(r.features);
    for (const id of getColumnData(r.features, 'machine_id', 'string')) this.machines.add(id);
    for (const mode of getColumnData(r.features, 'mode', 'string')) this.modes.add(mode);
    await this.telemetry.append(r.telemetry);
    for (const w of this.features) await w.append(r.features);
  }
}
