import { generate } from '/work/wt-perf/bench/lib/data.ts';
const d = generate(200_000);
const xs = d.events.map((e: any) => String(e.ObjectName ?? ''));
const ys = d.events.map((e: any) => String(e.AccountDisplayName ?? ''));
console.log(xs.slice(0,5), ys.slice(0,5));
const isT = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const cands: Record<string, (s: string) => boolean> = {
  lookbehind: ((re) => (s: string) => re.test(s))(/(?<![A-Za-z0-9])payroll(?![A-Za-z0-9])/i),
  alt: ((re) => (s: string) => re.test(s))(/(?:^|[^A-Za-z0-9])payroll(?![A-Za-z0-9])/i),
  plain: ((re) => (s: string) => re.test(s))(/payroll/i),
  manual: ((re) => (s: string) => {
    re.lastIndex = 0;
    let m;
    while ((m = re.exec(s)) !== null) {
      const i = m.index, j = i + 7;
      if ((i === 0 || !isT(s.charCodeAt(i - 1))) && (j >= s.length || !isT(s.charCodeAt(j)))) return true;
      re.lastIndex = i + 1;
    }
    return false;
  })(/payroll/gi),
  prefilter: ((re, pre) => (s: string) => pre.test(s) && re.test(s))(/(?<![A-Za-z0-9])payroll(?![A-Za-z0-9])/i, /payroll/i),
};
for (let rep = 0; rep < 3; rep++) for (const [k, f] of Object.entries(cands)) {
  const t = performance.now(); let c = 0;
  for (let r = 0; r < 5; r++) for (const s of xs) if (f(s)) c++;
  console.log(k, (performance.now() - t).toFixed(1), c);
}
