// A hand-written columnar JavaScript engine for exactly these queries: columns as arrays (datetimes as
// Float64Array epoch ms, NaN for null), index loops, hash maps; JSON.parse of RawEventData.Data only where
// the text is JSON object text; results gathered into new column arrays.
import type { Peer } from '../lib/peer.js';
import type { BenchData, ColumnDef } from '../lib/data.js';
import { EXTENDED, joinOutputColumns } from '../lib/data.js';
import { binHour, cidOfRaw, expandValues, member, termRegex, todatetimeMs, tostringDynamic } from '../lib/kql-js.js';
import { AGO_30D_MS, AGO_7D_MS, DLP_PROVIDER } from '../lib/workloads.js';
import type { WorkloadId } from '../lib/workloads.js';

type Col = unknown[] | Float64Array;

interface Table {
  n: number;
  columns: readonly ColumnDef[];
  data: Map<string, Col>;
}

interface Out {
  names: string[];
  cols: Col[];
  n: number;
}

function buildTable(rows: readonly Record<string, unknown>[], columns: readonly ColumnDef[]): Table {
  // Row by row: each row object is visited once (column by column would walk the whole heap 42 times).
  const n = rows.length;
  const names = columns.map((c) => c.name);
  const kinds = columns.map((c) => (c.type === 'datetime' ? 0 : c.type === 'string' ? 1 : 2));
  const arrays: Col[] = columns.map((c) => (c.type === 'datetime' ? new Float64Array(n) : new Array<unknown>(n)));
  const m = columns.length;
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    for (let j = 0; j < m; j++) {
      const v = row[names[j]!];
      const a = arrays[j]!;
      switch (kinds[j]) {
        case 0: (a as Float64Array)[i] = v instanceof Date ? v.getTime() : NaN; break;
        case 1: (a as unknown[])[i] = v === undefined || v === null ? '' : v; break;
        default: (a as unknown[])[i] = v === undefined ? null : v;
      }
    }
  }
  const data = new Map<string, Col>();
  columns.forEach((c, j) => data.set(c.name, arrays[j]!));
  return { n, columns, data };
}

function col<T = unknown>(t: Table, name: string): T[] {
  const c = t.data.get(name);
  if (!c || c instanceof Float64Array) throw new Error(`no value column ${name}`);
  return c as T[];
}

function timeCol(t: Table, name: string): Float64Array {
  const c = t.data.get(name);
  if (!(c instanceof Float64Array)) throw new Error(`no datetime column ${name}`);
  return c;
}

function gather(c: Col, idx: Int32Array, count: number): Col {
  if (c instanceof Float64Array) {
    const o = new Float64Array(count);
    for (let k = 0; k < count; k++) o[k] = c[idx[k]!]!;
    return o;
  }
  const o = new Array<unknown>(count);
  for (let k = 0; k < count; k++) o[k] = c[idx[k]!];
  return o;
}

/** A growable Int32 index list. */
class Indexes {
  a = new Int32Array(1024);
  n = 0;
  push(i: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = i;
  }
}

export default async function createPeer(): Promise<Peer> {
  let E: Table | undefined;
  let A: Table | undefined;

  /** Alert row indexes by AlertType for alerts generated after `since` by the DLP provider. */
  const alertIndex = (since: number): Map<string, number[]> => {
    const gen = timeCol(A!, 'TimeGenerated');
    const provider = col<string>(A!, 'ProviderName');
    const type = col<string>(A!, 'AlertType');
    const m = new Map<string, number[]>();
    for (let j = 0; j < A!.n; j++) {
      if (gen[j]! > since && provider[j] === DLP_PROVIDER) {
        const list = m.get(type[j]!);
        if (list) list.push(j);
        else m.set(type[j]!, [j]);
      }
    }
    return m;
  };

  /** The correlation join: matched (event, alert) index pairs and each pair's cid. */
  const correlate = (): { ev: Indexes; al: Indexes; cid: unknown[] } => {
    const byType = alertIndex(AGO_30D_MS);
    const start = timeCol(A!, 'StartTime');
    const end = timeCol(A!, 'EndTime');
    const raw = col(E!, 'RawEventData');
    const ev = new Indexes();
    const al = new Indexes();
    const cids: unknown[] = [];
    for (let i = 0; i < E!.n; i++) {
      const cid = cidOfRaw(raw[i]);
      if (cid === null) continue; // tostring(null) is "", and no alert has an empty AlertType (checked at load)
      const list = byType.get(tostringDynamic(cid));
      if (!list) continue;
      const t = todatetimeMs(member(raw[i], 'CreationTime'));
      if (t === null) continue;
      for (const j of list) {
        if (t > start[j]! && t < end[j]!) {
          ev.push(i);
          al.push(j);
          cids.push(cid);
        }
      }
    }
    return { ev, al, cid: cids };
  };

  const workloads: Partial<Record<WorkloadId, () => Out>> = {
    headline() {
      const { ev, al } = correlate();
      const name = col<string>(A!, 'AlertName');
      const user = col<string>(E!, 'AccountObjectId');
      const groups = new Map<string, { events: number; users: Set<string> }>();
      for (let k = 0; k < ev.n; k++) {
        const key = name[al.a[k]!]!;
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { events: 0, users: new Set() }));
        g.events++;
        g.users.add(user[ev.a[k]!]!);
      }
      const keys = [...groups.keys()];
      return { names: ['AlertName', 'Events', 'Users'], n: keys.length,
        cols: [keys, keys.map((k) => groups.get(k)!.events), keys.map((k) => groups.get(k)!.users.size)] };
    },
    'join-rows'() {
      const { ev, al, cid } = correlate();
      const left = E!.columns.map((c) => c.name);
      const right = joinOutputColumns([...left, ...EXTENDED], A!.columns.map((c) => c.name));
      const cols: Col[] = [
        ...left.map((c) => gather(E!.data.get(c)!, ev.a, ev.n)),
        cid, cid.map(tostringDynamic),
        ...right.map((c) => gather(A!.data.get(c.right)!, al.a, al.n)),
      ];
      return { names: [...left, ...EXTENDED, ...right.map((c) => c.out)], cols, n: ev.n };
    },
    'term-search'() {
      const object = col<string>(E!, 'ObjectName');
      const account = col<string>(E!, 'AccountDisplayName');
      const payroll = termRegex(['payroll']);
      const who = termRegex(['admin', 'svc']);
      const sel = new Indexes();
      for (let i = 0; i < E!.n; i++) {
        if (payroll.test(object[i]!) || who.test(account[i]!)) sel.push(i);
      }
      const names = E!.columns.map((c) => c.name);
      return { names, cols: names.map((c) => gather(E!.data.get(c)!, sel.a, sel.n)), n: sel.n };
    },
    'bin-count'() {
      const ts = timeCol(E!, 'Timestamp');
      const action = col<string>(E!, 'ActionType');
      const groups = new Map<string, Map<number, number>>();
      for (let i = 0; i < E!.n; i++) {
        const t = ts[i]!;
        const bin = Number.isNaN(t) ? NaN : binHour(t);
        let byBin = groups.get(action[i]!);
        if (!byBin) groups.set(action[i]!, (byBin = new Map()));
        byBin.set(bin, (byBin.get(bin) ?? 0) + 1);
      }
      const bins: number[] = [];
      const actions: string[] = [];
      const counts: number[] = [];
      for (const [a, byBin] of groups) {
        for (const [b, c] of byBin) {
          bins.push(b);
          actions.push(a);
          counts.push(c);
        }
      }
      return { names: ['Timestamp', 'ActionType', 'count_'], cols: [Float64Array.from(bins), actions, counts], n: bins.length };
    },
    'dcount-top'() {
      const app = col<string>(E!, 'Application');
      const user = col<string>(E!, 'AccountObjectId');
      const groups = new Map<string, Set<string>>();
      for (let i = 0; i < E!.n; i++) {
        let s = groups.get(app[i]!);
        if (!s) groups.set(app[i]!, (s = new Set()));
        s.add(user[i]!);
      }
      const top = [...groups].map(([k, s]) => [k, s.size] as const).sort((a, b) => b[1] - a[1]).slice(0, 10);
      return { names: ['Application', 'dcount_AccountObjectId'], cols: [top.map((x) => x[0]), top.map((x) => x[1])], n: top.length };
    },
    'mv-expand'() {
      const objs = col(E!, 'ActivityObjects');
      const groups = new Map<string, { n: number; names: Set<string> }>();
      const add = (o: unknown) => {
        const type = tostringDynamic(member(o, 'Type'));
        let g = groups.get(type);
        if (!g) groups.set(type, (g = { n: 0, names: new Set() }));
        g.n++;
        g.names.add(tostringDynamic(member(o, 'Name')));
      };
      for (let i = 0; i < E!.n; i++) {
        const v = objs[i];
        if (Array.isArray(v)) for (let k = 0; k < v.length; k++) add(v[k]);
        else for (const o of expandValues(v)) add(o);
      }
      const keys = [...groups.keys()];
      return { names: ['Type', 'Objects', 'Names'], n: keys.length,
        cols: [keys, keys.map((k) => groups.get(k)!.n), keys.map((k) => groups.get(k)!.names.size)] };
    },
    leftanti() {
      const recent = alertIndex(AGO_7D_MS);
      const raw = col(E!, 'RawEventData');
      const sel = new Indexes();
      const ids: string[] = [];
      for (let i = 0; i < E!.n; i++) {
        const cid = cidOfRaw(raw[i]);
        const id = cid === null ? '' : tostringDynamic(cid);
        if (!recent.has(id)) {
          sel.push(i);
          ids.push(id);
        }
      }
      const names = ['Timestamp', 'ReportId', 'AccountObjectId', 'ActionType'];
      return { names: [...names, 'correlationId'], cols: [...names.map((c) => gather(E!.data.get(c)!, sel.a, sel.n)), ids], n: sel.n };
    },
  };

  return {
    load(data) {
      E = buildTable(data.events, data.eventColumns);
      A = buildTable(data.alerts, data.alertColumns);
      // An alert with an empty AlertType would join every event without a cid; the correlation loop skips
      // those events early, which is only right when no such alert exists (checked here, once).
      if (col<string>(A, 'AlertType').some((t) => t === '')) throw new Error('columnar-js assumes no alert has an empty AlertType');
    },
    workloads,
    materialize(result) {
      const r = result as Out;
      const rows: unknown[][] = [];
      for (let i = 0; i < r.n; i++) {
        rows.push(r.cols.map((c) => {
          if (c instanceof Float64Array) return Number.isNaN(c[i]!) ? null : new Date(c[i]!);
          return c[i] ?? null;
        }));
      }
      return { columns: r.names, rows };
    },
    rowCount: (result) => (result as Out).n,
    describe: () => 'hand-written columnar JS loops',
  };
}
