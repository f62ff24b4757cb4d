/**
 * One machine's simulation collected into tables (telemetry, events, captures): the unit of
 * work a `simulate` worker does.
 */
import type { FleetMember } from '../twin/fleet.js';
import type { Scenario } from '../twin/scenario-schema.js';
import type { MachineSummary } from '../twin/simulation.js';
import { simulateMachine } from '../twin/simulation.js';
import type { Table } from './table.js';
import { TableBuilder } from './table.js';
import {
  CAPTURE_COLUMNS,
  EVENT_COLUMNS,
  TELEMETRY_COLUMNS,
  captureRows,
  eventRow,
  telemetryRow,
} from './twin-tables.js';

export interface MachineTables {
  readonly machineId: string;
  readonly telemetry: Table;
  readonly events: Table;
  readonly captures: Table | null;
  readonly summary: MachineSummary;
}

export function simulateMachineTables(
  member: FleetMember,
  s: Scenario,
  withCaptures: boolean,
  progress?: (doneH: number) => void,
): MachineTables {
  const tel = new TableBuilder(TELEMETRY_COLUMNS, 4096);
  const ev = new TableBuilder(EVENT_COLUMNS, 64);
  const cap = withCaptures ? new TableBuilder(CAPTURE_COLUMNS, 256) : null;
  let lastReport = -1;
  const summary = simulateMachine(member, s, {
    telemetry: (r) => {
      tel.append(telemetryRow(r));
    },
    event: (e) => {
      ev.append(eventRow(e));
    },
    ...(cap === null
      ? {}
      : {
          capture: (c) => {
            for (const row of captureRows(c)) cap.append(row);
          },
        }),
    progress: (doneH) => {
      if (progress !== undefined && doneH - lastReport >= s.durationH / 50) {
        lastReport = doneH;
        progress(doneH);
      }
    },
  });
  return {
    machineId: member.machine.id,
    telemetry: tel.build(),
    events: ev.build(),
    captures: cap?.build() ?? null,
    summary,
  };
}
