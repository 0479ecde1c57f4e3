import { generate } from '/work/wt-perf/bench/lib/data.ts';
const d = generate(1_000_000);
const cols = ['ActionType', 'Application', 'AccountObjectId', 'ObjectName', 'AccountDisplayName', 'ObjectType', 'CountryCode', 'IPAddress', 'ReportId'];
for (const c of cols) {
  const xs = d.events.map((e: any) => e[c] ?? '');
  // JSON round trip copies (distinct string objects, as real loaded data has)
  const ys: string[] = JSON.parse(JSON.stringify(xs));
  for (const [label, arr] of [['same-refs', xs], ['json', ys]] as const) {
    const t = performance.now();
    const m = new Map<string, number>();
    const codes = new Int32Array(arr.length);
    for (let i = 0; i < arr.length; i++) {
      const s = arr[i]!;
      let k = m.get(s);
      if (k === undefined) m.set(s, (k = m.size));
      codes[i] = k;
    }
    console.log(c.padEnd(20), label.padEnd(10), (performance.now() - t).toFixed(1), 'ms distinct', m.size);
  }
}
