/**
 * The picture a user looks at first after `simulate` or `generate` (`overview.png`): one panel
 * per machine, its vibration over time with the run's events as vertical lines (each fault's
 * onset, failures, maintenance and alarms). Two levels are drawn, each the larger of the two
 * bearings' and in dB over the machine's own level in its first day of running: velocity RMS
 * (10-1000 Hz, the ISO 10816 quantity, which shaft faults raise) and acceleration RMS (which
 * bearing defects and grease loss raise long before velocity moves). A stopped machine is a gap. At
 * most `maxPanels` machines are drawn, those that failed first, then those with a fault, then
 * the healthy ones, the fleet's machine types taking turns within each, so a large fleet shows
 * where the action is on every kind of machine.
 *
 * The telemetry streams in one machine at a time (as the runs write it) and is kept as the
 * largest reading of each time bucket (at most `maxPoints` buckets over the run), so short
 * peaks stay visible; only the first `maxPanels` machines of each group are kept, so memory
 * grows neither with the run's length nor with the fleet.
 */
import { join } from 'node:path';
import { EVENT_COLORS, composeFigure, lineChart, writeFigure } from '../plot/index.js';
import { medianInPlace } from '../features/robust-stats.js';
import { attachments } from '../twin/fleet.js';
import type { Scenario } from '../twin/scenario-schema.js';
import type { Marker } from '../plot/index.js';
import type { Table } from './table.js';
import { getColumnData, rowCount } from './table.js';

/** The figure's file name in a simulation or dataset folder. */
export const OVERVIEW_FILE = 'overview.png';

interface MachineSeries {
  /** Largest velocity RMS of either bearing in each bucket, mm/s. */
  readonly vel: Float64Array;
  /** Largest acceleration RMS of either bearing in each bucket, g. */
  readonly acc: Float64Array;
}

interface OverviewEvent {
  readonly timeH: number;
  readonly type: string;
  readonly mode: string;
  /** The bearing (de, fe) of a bearing mode; '' otherwise. */
  readonly location?: string;
}

const EVENT_STYLE: Readonly<
  Record<string, { color: string; dash: 'solid' | 'dashed' | 'dotted' }>
> = {
  onset: { color: EVENT_COLORS.onset, dash: 'dashed' },
  failure: { color: EVENT_COLORS.failure, dash: 'solid' },
  maintenance: { color: EVENT_COLORS.maintenance, dash: 'solid' },
  alarm: { color: EVENT_COLORS.alarm, dash: 'dotted' },
  // a scheduled sensor fault's start and end (its trace may break or freeze between them)
  sensor_fault: { color: EVENT_COLORS.quiet, dash: 'dashed' },
  sensor_restored: { color: EVENT_COLORS.quiet, dash: 'dashed' },
};

/** Accumulates the machines' vibration histories and draws them with their events. */
export class FleetOverview {
  private readonly bucketH: number;
  private readonly buckets: number;
  private readonly position: ReadonlyMap<string, number>;
  private readonly series = new Map<string, MachineSeries>();
  /** 0 failed, 1 faulty, 2 healthy, from the telemetry's labels. */
  private readonly rank = new Map<string, number>();
  private readonly seen = new Set<string>();

  /**
   * @param durationH the run's length, h
   * @param order the fleet's machine ids in fleet order (panels follow it within a group)
   * @param maxPanels machines drawn (default 12); at most this many per group are kept, so
   *   memory does not grow with the fleet
   * @param maxPoints time buckets per machine at most (default 1,500)
   * @param telemetryPeriodH the telemetry's period: a bucket is never shorter, so every bucket
   *   holds a reading and the line has no holes (default 1/6 h)
   * @param kindOf the fleet group (machine type) of each id: within failed, faulty and healthy
   *   the panels take the kinds in turn, so a fleet of pumps, fans and conveyors shows each
   */
  constructor(
    private readonly durationH: number,
    order: readonly string[],
    private readonly maxPanels = 12,
    maxPoints = 1500,
    telemetryPeriodH = 1 / 6,
    private readonly kindOf: (id: string) => number = () => 0,
  ) {
    const span = Math.max(durationH, 1e-9);
    this.bucketH = Math.max(span / Math.max(1, Math.floor(maxPoints)), telemetryPeriodH);
    this.buckets = Math.max(1, Math.ceil(span / this.bucketH - 1e-9));
    this.position = new Map(order.map((id, i) => [id, i]));
  }

  /**
   * Takes telemetry rows (`machine_id`, `time_h`, `status`, `mode`, `rul_h`, and the velocity
   * and acceleration RMS of both bearings: `vib_{de,fe}_vel_mm_s`, `vib_{de,fe}_acc_g`); rows
   * of a machine that is not running are left out. A machine whose rows hold a remaining life
   * that ends within the run (a failure the run reaches, not one the labels see past its end)
   * is a failed one, one with a mode other than normal a faulty one.
   */
  addTelemetry(t: Table): void {
    const n = rowCount(t);
    const ids = getColumnData(t, 'machine_id', 'string');
    const time = getColumnData(t, 'time_h', 'float64');
    const status = getColumnData(t, 'status', 'string');
    const mode = getColumnData(t, 'mode', 'string');
    const rul = getColumnData(t, 'rul_h', 'float64');
    const vel = [
      getColumnData(t, 'vib_de_vel_mm_s', 'float64'),
      getColumnData(t, 'vib_fe_vel_mm_s', 'float64'),
    ];
    const acc = [
      getColumnData(t, 'vib_de_acc_g', 'float64'),
      getColumnData(t, 'vib_fe_acc_g', 'float64'),
    ];
    const touched = new Set<string>();
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      const s = this.machine(id);
      touched.add(id);
      // failed: a failure within the run (the labels look past its end, for rows near it)
      const r = rul[i]! + time[i]! <= this.durationH + 1e-9 ? 0 : mode[i] !== 'normal' ? 1 : 2;
      if (r < this.rank.get(id)!) this.rank.set(id, r);
      // a machine that is down (failed, under maintenance) reads only its sensors' noise
      if (status[i] !== 'running') continue;
      const b = Math.min(this.buckets - 1, Math.max(0, Math.floor(time[i]! / this.bucketH)));
      // NaN (a dropout) never wins a comparison, so a bucket keeps its largest real reading
      for (const c of vel) if (!(s.vel[b]! >= c[i]!)) s.vel[b] = c[i]!;
      for (const c of acc) if (!(s.acc[b]! >= c[i]!)) s.acc[b] = c[i]!;
    }
    for (const id of touched) this.seen.add(id);
    this.trim();
  }

  private machine(id: string): MachineSeries {
    let s = this.series.get(id);
    if (s === undefined) {
      s = {
        vel: new Float64Array(this.buckets).fill(Number.NaN),
        acc: new Float64Array(this.buckets).fill(Number.NaN),
      };
      this.series.set(id, s);
      if (!this.rank.has(id)) this.rank.set(id, 2);
    }
    return s;
  }

  /** Keeps at most maxPanels machines of each state and kind, the first in fleet order. */
  private trim(): void {
    for (const id of this.kept()) if (this.turn(id) >= this.maxPanels) this.series.delete(id);
  }

  /** How many kept machines of the same state and kind come before id in fleet order. */
  private turn(id: string): number {
    const pos = this.pos(id);
    let before = 0;
    for (const other of this.series.keys())
      if (
        this.rank.get(other) === this.rank.get(id) &&
        this.kindOf(other) === this.kindOf(id) &&
        (this.pos(other) < pos || (this.pos(other) === pos && other < id))
      )
        before++;
    return before;
  }

  private pos(id: string): number {
    return this.position.get(id) ?? Number.MAX_SAFE_INTEGER;
  }

  /**
   * The machines kept, in panel order: failed, faulty, healthy; within each the kinds in turn
   * (the first of each kind, then the second ...), in fleet order.
   */
  private kept(): string[] {
    const turn = new Map([...this.series.keys()].map((id) => [id, this.turn(id)]));
    return [...this.series.keys()].sort(
      (a, b) =>
        this.rank.get(a)! - this.rank.get(b)! ||
        turn.get(a)! - turn.get(b)! ||
        this.pos(a) - this.pos(b) ||
        (a < b ? -1 : 1),
    );
  }

  /** The machines drawn, in panel order (see `kept`). */
  chooseMachines(): string[] {
    return this.kept().slice(0, this.maxPanels);
  }

  /**
   * The figure as SVG: the machines `chooseMachines` names, with the run's events. Throws
   * when no machine sent telemetry.
   */
  figure(events: Table, title: string): string {
    const shown = this.chooseMachines();
    const byMachine = eventsByMachine(events);
    const days = Float64Array.from(
      { length: this.buckets },
      (_, b) => ((b + 0.5) * this.bucketH) / 24,
    );
    const panels = shown.map((id) => {
      const s = this.series.get(id)!;
      const ev = byMachine.get(id) ?? [];
      const dayBuckets = Math.max(1, Math.round(24 / this.bucketH));
      const vel = levelDb(s.vel, dayBuckets);
      const acc = levelDb(s.acc, dayBuckets);
      return lineChart({
        title: `${id}: ${machineSummary(ev)}`,
        series: [
          { name: 'velocity', x: days, y: vel },
          // dark grey, not the palette's vermillion, which reads as the orange onset lines
          { name: 'acceleration', x: days, y: acc, dash: 'dashed', color: '#444444' },
        ],
        xLabel: 'time (days)',
        yLabel: 'dB over day 1',
        xLim: [0, this.durationH / 24],
        // at least -3..+6 dB, so a healthy machine's noise looks as small as it is
        yLim: [
          Math.min(-3, finiteMin(vel), finiteMin(acc)),
          Math.max(6, finiteMax(vel), finiteMax(acc)),
        ],
        markers: ev.map((e) => eventMarker(e)),
        // one key for every panel, in the figure's title: a legend per panel narrowed the
        // panels it did not fit in and hid event lines in those it did
        legend: 'none',
        width: 560,
        height: 280,
      });
    });
    const total = this.seen.size;
    const which =
      shown.length < total
        ? `${shown.length} of ${total} machines, failed first`
        : `${total} machine${total === 1 ? '' : 's'}`;
    return composeFigure({
      panels,
      columns: panels.length === 1 ? 1 : 2,
      title: `${title}: ${which}`,
      subtitle:
        'velocity (blue) and acceleration (grey) RMS in dB over day 1; onset orange, failure red, maintenance green, alarm purple, sensor fault grey dashed',
    });
  }
}

/**
 * The overview of a scenario's run: its machines in fleet order, its fleet groups as the kinds
 * of machine, buckets no shorter than its telemetry period.
 */
export function fleetOverviewFor(s: Scenario): FleetOverview {
  const ids = attachments(s).ids;
  const kind = new Map(ids.map((x) => [x.id, x.group]));
  return new FleetOverview(
    s.durationH,
    ids.map((x) => x.id),
    12,
    1500,
    s.telemetry.periodS / 3600,
    (id) => kind.get(id) ?? 0,
  );
}

/**
 * 20 log10(v / v0), v0 the median of the first `firstBuckets` buckets with a reading (the
 * machine's first day of running); NaN where the machine stood (v <= 0) or nothing was read.
 */
export function levelDb(v: Float64Array, firstBuckets: number): Float64Array {
  const first = Float64Array.from([...v].filter((x) => x > 0).slice(0, firstBuckets));
  const out = new Float64Array(v.length).fill(Number.NaN);
  if (first.length === 0) return out;
  const v0 = medianInPlace(first, first.length);
  for (let i = 0; i < v.length; i++) if (v[i]! > 0) out[i] = 20 * Math.log10(v[i]! / v0);
  return out;
}

function finiteMin(v: Float64Array): number {
  let m = Infinity;
  for (const x of v) if (x < m) m = x;
  return m;
}

function finiteMax(v: Float64Array): number {
  let m = -Infinity;
  for (const x of v) if (x > m) m = x;
  return m;
}

function eventsByMachine(events: Table): Map<string, OverviewEvent[]> {
  const n = rowCount(events);
  const out = new Map<string, OverviewEvent[]>();
  if (n === 0) return out;
  const ids = getColumnData(events, 'machine_id', 'string');
  const time = getColumnData(events, 'time_h', 'float64');
  const type = getColumnData(events, 'type', 'string');
  const mode = getColumnData(events, 'mode', 'string');
  const location = events.columns.some((c) => c.name === 'location')
    ? getColumnData(events, 'location', 'string')
    : null;
  for (let i = 0; i < n; i++) {
    const list = out.get(ids[i]!) ?? [];
    list.push({ timeH: time[i]!, type: type[i]!, mode: mode[i]!, location: location?.[i] ?? '' });
    out.set(ids[i]!, list);
  }
  return out;
}

/** "outer_race failure at day 18.9", "imbalance from day 40.2", "healthy". */
export function machineSummary(
  ev: readonly { timeH: number; type: string; mode: string }[],
): string {
  const failures = ev.filter((e) => e.type === 'failure');
  if (failures.length > 0) {
    const f = failures[0]!;
    const more = failures.length > 1 ? ` (+${failures.length - 1} more)` : '';
    return `${f.mode} failure at day ${(f.timeH / 24).toFixed(1)}${more}`;
  }
  const onsets = ev.filter((e) => e.type === 'onset');
  if (onsets.length > 0) {
    const modes = [...new Set(onsets.map((e) => e.mode))];
    return `${modes.join(', ')} from day ${(onsets[0]!.timeH / 24).toFixed(1)}`;
  }
  return 'healthy';
}

/**
 * Onsets are labelled with their mode and failures as such; maintenance and alarms by colour.
 */
function eventMarker(e: OverviewEvent): Marker {
  const style = EVENT_STYLE[e.type] ?? { color: '#555555', dash: 'dotted' as const };
  // which bearing, where a machine has the same mode at both
  const mode =
    e.location === undefined || e.location === ''
      ? e.mode
      : `${e.mode} ${e.location.toUpperCase()}`;
  const label =
    e.type === 'onset'
      ? mode
      : e.type === 'failure'
        ? `${mode} failure`
        : e.type === 'sensor_fault'
          ? `sensor fault${e.location === undefined || e.location === '' ? '' : ` ${e.location.toUpperCase()}`}`
          : undefined;
  return {
    x: e.timeH / 24,
    ...(label === undefined ? {} : { label }),
    color: style.color,
    dash: style.dash,
    // where labels crowd, a failure keeps its label before an onset
    priority: e.type === 'failure' ? 1 : 0,
  };
}

/**
 * Writes `overview.png` into dir; its manifest entry, or null when no machine sent telemetry
 * (nothing is written then).
 */
export async function writeOverview(
  dir: string,
  overview: FleetOverview,
  events: Table,
  title: string,
): Promise<{ path: string } | null> {
  if (overview.chooseMachines().length === 0) return null;
  await writeFigure(join(dir, OVERVIEW_FILE), overview.figure(events, title));
  return { path: OVERVIEW_FILE };
}
