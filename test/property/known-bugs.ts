// Engine bugs the property suite found that are still open: a minimal repro and what Kusto does.
// A property that would trip over one of these on every run asks the generator to steer around it
// (`buildQuery(..., { avoid })`), and the bug's own `it.fails` case (in the test named in `where`)
// keeps it visible: when the engine is fixed that case fails, and the entry should be deleted.

export type KnownBugId =
  | 'timespan-precision-beyond-28-years';

export interface KnownBug {
  id: KnownBugId;
  /** the query that shows it */
  repro: string;
  /** what the engine answers for `repro` (result columns as name:type, or the value) */
  engine: string;
  /** what Kusto answers (result columns from Microsoft's analyzer, @kusto/language-service-next) */
  kusto: string;
  where: string;
}

/** The repros run over a table `T(id:long, name:string, amt:decimal, n:int, bag:dynamic)`. */
export const REPRO_SCHEMA = [
  { name: 'id', type: 'long' },
  { name: 'name', type: 'string' },
  { name: 'amt', type: 'decimal' },
  { name: 'n', type: 'int' },
  { name: 'bag', type: 'dynamic' },
];

export const KNOWN_BUGS: readonly KnownBug[] = [
  {
    // documented in src/types.ts as a known difference; listed so the property that steers around it says so
    id: 'timespan-precision-beyond-28-years',
    repro: 'print r = datetime(2024-01-01 12:00:00.0000001) - datetime(1970-01-01)',
    engine: '19723.12:00:00 (the last tick is lost: timespans are doubles of ticks, exact to ±2^53)',
    kusto: '19723.12:00:00.0000001',
    where: 'oracle-datetime.test.ts',
  },
];

export const KNOWN_BUG_IDS: ReadonlySet<KnownBugId> = new Set(KNOWN_BUGS.map((b) => b.id));
