// What every peer implements: load the generated rows once, then run workloads on demand.
import type { Materialized } from './canon.js';
import type { BenchData } from './data.js';
import type { WorkloadId } from './workloads.js';

export type RunFn = () => unknown;

export interface Peer {
  /**
   * Builds the engine's tables from the generated rows (timed as "load"). May keep references to
   * `data`'s row objects when that is how the engine works (alasql, the naive loop).
   */
  load(data: BenchData): Promise<void> | void;
  /** One function per workload the peer can express; each call does all of the query's work. */
  workloads: Partial<Record<WorkloadId, RunFn>>;
  /** Why a workload is missing, for the report. */
  unsupported?: Partial<Record<WorkloadId, string>>;
  /** Result rows → plain JS values (not timed). */
  materialize(result: unknown, id: WorkloadId): Materialized | Promise<Materialized>;
  /** Result size, checked on every timed run (not timed). */
  rowCount(result: unknown): number;
  dispose?(): Promise<void> | void;
  /** Facts for the report (versions, settings). */
  describe?(): string;
}

/** A peer module's default export. */
export type PeerFactory = (options?: Record<string, string>) => Promise<Peer>;
