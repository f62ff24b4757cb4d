/**
 * The machines' tables of `generate` and `simulate` go to their files as the machines finish,
 * in fleet order (a machine finished early waits for those before it), so neither the whole
 * fleet's tables nor their join is ever held in memory, and the encoding overlaps the
 * simulation. `add` queues and returns at once, so the workers get their next machine without
 * waiting for the writes; the writes run one after another, in fleet order.
 */
import { join } from 'node:path';
import { VERSION } from '../core/version.js';
import { CsvTableWriter, writeCsvFile } from './csv.js';
import { ParquetTableWriter, writeParquetFile } from './parquet.js';
import type { Table } from './table.js';

/** What a fleet's tables are written with (Parquet or CSV). */
export type TableWriter = Pick<ParquetTableWriter | CsvTableWriter, 'append' | 'finish' | 'abort'>;

/** Opens a streaming writer of `<name>.parquet` or `<name>.csv` in dir. */
export function openTableWriter(
  dir: string,
  name: string,
  format: 'parquet' | 'csv',
): Promise<TableWriter> {
  return format === 'parquet'
    ? ParquetTableWriter.open(join(dir, `${name}.parquet`), { metadata: { 'pdm-twin': VERSION } })
    : CsvTableWriter.open(join(dir, `${name}.csv`));
}

/** Writes a whole table as `<name>.parquet` or `<name>.csv` in dir (the small tables of a run). */
export function writeTableFile(
  dir: string,
  name: string,
  table: Table,
  format: 'parquet' | 'csv',
): Promise<void> {
  return format === 'parquet'
    ? writeParquetFile(join(dir, `${name}.parquet`), table, { metadata: { 'pdm-twin': VERSION } })
    : writeCsvFile(join(dir, `${name}.csv`), table);
}

export class OrderedWrites<M extends { readonly machineId: string }> {
  private readonly waiting = new Map<number, M>();
  private next = 0;
  private chain: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;
  private stopped = false;

  /**
   * `order`: each machine id's place in the fleet; `write`: what is done with a machine's
   * tables, called in that order, one call at a time.
   */
  constructor(
    private readonly order: ReadonlyMap<string, number>,
    private readonly write: (machine: M) => Promise<void>,
  ) {}

  /** Queues a machine; throws the first write error, so that the run stops. */
  add(m: M): void {
    if (this.failure !== null) throw this.failure.error;
    if (this.stopped) return;
    const place = this.order.get(m.machineId);
    if (place === undefined || place < this.next || this.waiting.has(place)) {
      throw new Error(`machine ${m.machineId}: not in the fleet, or its tables came twice`);
    }
    this.waiting.set(place, m);
    for (let w = this.waiting.get(this.next); w !== undefined; w = this.waiting.get(this.next)) {
      this.waiting.delete(this.next++);
      const machine = w;
      this.chain = this.chain.then(() => (this.stopped ? undefined : this.write(machine)));
      this.chain.catch((error: unknown) => {
        this.failure ??= { error };
      });
    }
  }

  /** Waits for every queued write; rethrows the first failure. */
  async flush(): Promise<void> {
    await this.chain;
  }

  /** `flush`, then checks that every machine of the fleet was written. */
  async finish(): Promise<void> {
    await this.chain;
    if (this.next !== this.order.size) {
      throw new Error(`${this.order.size - this.next} machines' tables never arrived`);
    }
  }

  /**
   * Stops writing (after a failure or an interruption): machines still queued are dropped, and
   * this resolves when the write under way, if any, has ended. The caller aborts its files.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.chain.catch(() => undefined);
  }
}
