// The benchmark's data: the project's seeded generator (src/data/demo-data.ts), the same rows for every peer.
import { generateDemoData, type DemoRow } from '../../src/data/index.js';
import { getBuiltinSchema } from '../../src/schemas/index.js';
import type { KqlType } from '../../src/types.js';
import { BENCH_ALERTS, BENCH_NOW, BENCH_SEED } from './workloads.js';

export interface ColumnDef {
  name: string;
  type: KqlType;
}

export interface BenchData {
  /** CloudAppEvents rows as the generator makes them: Dates for datetimes, plain JSON values for dynamic */
  events: DemoRow[];
  /** SecurityAlert rows */
  alerts: DemoRow[];
  eventColumns: readonly ColumnDef[];
  alertColumns: readonly ColumnDef[];
}

export function schemaOf(table: 'CloudAppEvents' | 'SecurityAlert'): ColumnDef[] {
  const s = getBuiltinSchema(table);
  if (!s) throw new Error(`no built-in schema for ${table}`);
  return s.map((c) => ({ name: c.name, type: c.type }));
}

export function generate(events: number): BenchData {
  const d = generateDemoData({ events, alerts: BENCH_ALERTS, seed: BENCH_SEED, now: BENCH_NOW });
  return {
    events: d.CloudAppEvents, alerts: d.SecurityAlert,
    eventColumns: schemaOf('CloudAppEvents'), alertColumns: schemaOf('SecurityAlert'),
  };
}

/** KQL's inner-join output columns: every left column, then every right column, collisions suffixed `1`. */
export function joinOutputColumns(left: readonly string[], right: readonly string[]): { right: string; out: string }[] {
  const taken = new Set(left);
  return right.map((name) => {
    let out = name;
    if (taken.has(out)) {
      for (let k = 1; ; k++) {
        if (!taken.has(`${name}${k}`)) { out = `${name}${k}`; break; }
      }
    }
    taken.add(out);
    return { right: name, out };
  });
}

/** The column names of workloads 1-2 before the join: the table's columns then the two extended ones. */
export const EXTENDED = ['correlationId1', 'correlationId'] as const;
