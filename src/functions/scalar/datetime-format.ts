// format_datetime, format_timespan (custom .NET-style format elements), and time zones:
// datetime_utc_to_local, datetime_local_to_utc, datetime_list_timezones (IANA zones through luxon).
import { IANAZone } from 'luxon';
import type { Scalar } from '../../types.js';
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from '../../types.js';
import { datePartsFromTicks, inDateTimeRange, ticksToMs } from '../../values/datetime.js';
import { defineScalar, p, STRING, type ArgInfo, type ScalarFunctionDef } from '../define.js';
import { IANA_TIMEZONES } from './timezones.generated.js';

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A format string cut into runs of one letter (`yyyy`, `MM`, …) and literal text. */
type Token = { kind: 'run'; ch: string; n: number } | { kind: 'text'; text: string };

function tokenize(format: string, letters: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < format.length) {
    const ch = format[i]!;
    if (letters.includes(ch)) {
      let j = i;
      while (j < format.length && format[j] === ch) j++;
      out.push({ kind: 'run', ch, n: j - i });
      i = j;
    } else if (ch === '\\' && i + 1 < format.length) {
      out.push({ kind: 'text', text: format[i + 1]! });
      i += 2;
    } else if (ch === "'" || ch === '"') {
      const end = format.indexOf(ch, i + 1);
      const stop = end < 0 ? format.length : end;
      out.push({ kind: 'text', text: format.slice(i + 1, stop) });
      i = stop + 1;
    } else {
      out.push({ kind: 'text', text: ch });
      i++;
    }
  }
  return out;
}

const pad = (v: number, n: number) => String(v).padStart(n, '0');

/** `f`…`fffffff` (always n digits) and `F`… (trailing zeros dropped, nothing when zero) of 7-digit ticks. */
function fraction(ticks: number, n: number, trim: boolean): string {
  const digits = pad(ticks, 7).slice(0, Math.min(n, 7));
  return trim ? digits.replace(/0+$/, '') : digits;
}

/** format_datetime elements (format-datetime-function.md), plus .NET's ddd/dddd/MMM/MMMM names. */
export function formatDateTimeWith(ticks: bigint, format: string): string {
  const d = datePartsFromTicks(ticks);
  const tickOfSecond = d.ticksInSecond;
  let out = '';
  for (const t of tokenize(format, 'dfFhHmMsyt')) {
    if (t.kind === 'text') {
      out += t.text;
      continue;
    }
    const { ch, n } = t;
    switch (ch) {
      case 'd':
        out += n === 1 ? String(d.day) : n === 2 ? pad(d.day, 2) : n === 3 ? DAY_NAMES[d.dayOfWeek]!.slice(0, 3) : DAY_NAMES[d.dayOfWeek]!;
        break;
      case 'f':
      case 'F':
        out += fraction(tickOfSecond, n, ch === 'F');
        break;
      case 'h': {
        const h12 = d.hour % 12 === 0 ? 12 : d.hour % 12;
        out += n === 1 ? String(h12) : pad(h12, 2);
        break;
      }
      case 'H':
        out += n === 1 ? String(d.hour) : pad(d.hour, 2);
        break;
      case 'm':
        out += n === 1 ? String(d.minute) : pad(d.minute, 2);
        break;
      case 'M':
        out += n === 1 ? String(d.month) : n === 2 ? pad(d.month, 2) : n === 3 ? MONTH_NAMES[d.month - 1]!.slice(0, 3) : MONTH_NAMES[d.month - 1]!;
        break;
      case 's':
        out += n === 1 ? String(d.second) : pad(d.second, 2);
        break;
      case 'y':
        out += n === 1 ? String(d.year % 100) : n === 2 ? pad(d.year % 100, 2) : pad(d.year, n);
        break;
      case 't': {
        const ampm = d.hour < 12 ? 'AM' : 'PM';
        out += n === 1 ? ampm[0] : ampm;
        break;
      }
    }
  }
  return out;
}

/** format_timespan elements (format-timespan-function.md): d…, h/H…, m…, s…, f…, F…. */
export function formatTimespanWith(span: number, format: string): string {
  const negative = span < 0;
  const abs = Math.abs(span);
  const days = Math.floor(abs / TICKS_PER_DAY);
  const hours = Math.floor((abs % TICKS_PER_DAY) / TICKS_PER_HOUR);
  const minutes = Math.floor((abs % TICKS_PER_HOUR) / TICKS_PER_MINUTE);
  const seconds = Math.floor((abs % TICKS_PER_MINUTE) / TICKS_PER_SECOND);
  const ticks = abs % TICKS_PER_SECOND;
  let out = negative ? '-' : '';
  for (const t of tokenize(format, 'dhHmsfF')) {
    if (t.kind === 'text') {
      out += t.text;
      continue;
    }
    const { ch, n } = t;
    switch (ch) {
      case 'd':
        out += pad(days, n);
        break;
      case 'h':
      case 'H':
        out += pad(hours, Math.min(n, 2));
        break;
      case 'm':
        out += pad(minutes, Math.min(n, 2));
        break;
      case 's':
        out += pad(seconds, Math.min(n, 2));
        break;
      case 'f':
      case 'F':
        out += fraction(ticks, n, ch === 'F');
        break;
    }
  }
  return out;
}

const formatDatetime = defineScalar({
  name: 'format_datetime',
  signatures: [{ params: [p('date', ['datetime']), p('format', STRING)], returns: 'string' }],
  doc: 'A datetime as text in a custom format: d dd, M MM, y yy yyyy, H HH, h hh, m mm, s ss, f…fffffff, F…FFFFFFF, tt; other characters are copied.',
  example: `print v1 = format_datetime(datetime(2017-01-29 09:00:05), 'yy-MM-dd [HH:mm:ss]'), v3 = format_datetime(datetime(2017-01-29 09:00:05), 'yy-MM-dd [hh:mm:ss tt]')`,
  implement: () => (t, f) => formatDateTimeWith(t as bigint, f as string),
});

const formatTimespan = defineScalar({
  name: 'format_timespan',
  signatures: [{ params: [p('timespan', ['timespan']), p('format', STRING)], returns: 'string' }],
  doc: 'A timespan as text in a custom format: d… (days, zero-padded to the run length), h/H hh, m mm, s ss, f…, F…; other characters are copied.',
  example: `print v1 = format_timespan(time(29.09:00:05.12345), 'dd.hh:mm:ss:FF'), v2 = format_timespan(time(29.09:00:05.12345), 'ddd.h:mm:ss [fffffff]')`,
  implement: () => (t, f) => formatTimespanWith(t as number, f as string),
});

// ───────────────────────────── time zones ─────────────────────────────

const zones = new Map<string, IANAZone | null>();

/** The IANA zone of a name (case as given, then case-insensitively), or null for an unknown one. */
function zoneOf(name: Scalar): IANAZone | null {
  if (typeof name !== 'string') return null;
  let z = zones.get(name);
  if (z === undefined) {
    z = IANAZone.isValidZone(name) ? IANAZone.create(name) : null;
    if (z === null) {
      const match = timeZoneNames().find((n) => n.toLowerCase() === name.toLowerCase());
      z = match ? IANAZone.create(match) : null;
    }
    if (zones.size > 1000) zones.clear();
    zones.set(name, z);
  }
  return z;
}

let zoneList: string[] | undefined;
/**
 * The IANA zone and link names (timezone.md lists links such as US/Pacific and Australia/Canberra too),
 * with any further id the platform's Intl knows and luxon resolves; sorted.
 */
function timeZoneNames(): string[] {
  if (zoneList === undefined) {
    const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
    const extra = (intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : []).filter((n) => IANAZone.isValidZone(n));
    zoneList = [...new Set([...IANA_TIMEZONES, ...extra, 'UTC'])].sort();
  }
  return zoneList;
}

const TPM = BigInt(TICKS_PER_MINUTE);
/** A zone's UTC offset in minutes at an instant given in ticks. */
const offsetAt = (z: IANAZone, ticks: bigint): number => z.offset(ticksToMs(ticks));

export function utcToLocal(ticks: bigint, z: IANAZone): bigint | null {
  const local = ticks + BigInt(offsetAt(z, ticks)) * TPM;
  return inDateTimeRange(local) ? local : null;
}

/**
 * Local wall time → UTC. A time the clocks skip (spring forward) takes the offset after the change
 * (datetime-local-to-utc-function.md example 2: Brussels 2022-03-27 02:00 → 00:00 UTC); a repeated time
 * (fall back) the later, standard-time reading.
 */
export function localToUtc(local: bigint, z: IANAZone): bigint | null {
  const o1 = offsetAt(z, local);
  const u1 = local - BigInt(o1) * TPM;
  const o2 = offsetAt(z, u1);
  let utc = u1;
  if (o2 !== o1) {
    const u2 = local - BigInt(o2) * TPM;
    if (offsetAt(z, u2) === o2) utc = u2;
  }
  return inDateTimeRange(utc) ? utc : null;
}

function zoneFn(name: string, doc: string, example: string, f: (t: bigint, z: IANAZone) => bigint | null) {
  return defineScalar({
    name,
    signatures: [{ params: [p(name === 'datetime_utc_to_local' ? 'from' : 'from', ['datetime']), p('timezone', STRING)], returns: 'datetime' }],
    doc,
    example,
    implement: (args: ArgInfo[]) => {
      const fixed = args[1]?.constant ? zoneOf(args[1].constant.value) : undefined;
      return (t, tz) => {
        const z = fixed !== undefined ? fixed : zoneOf(tz);
        return z === null ? null : f(t as bigint, z);
      };
    },
  });
}

const datetimeUtcToLocal = zoneFn(
  'datetime_utc_to_local',
  'A UTC datetime as the wall time of an IANA time zone (e.g. US/Pacific, Europe/Paris); null for an unknown zone.',
  `print local = datetime_utc_to_local(datetime(2020-02-02 20:02:20), 'US/Pacific')`,
  utcToLocal,
);

const datetimeLocalToUtc = zoneFn(
  'datetime_local_to_utc',
  'The UTC datetime of a wall time in an IANA time zone (a skipped time takes the offset after the change); null for an unknown zone.',
  `print utc = datetime_local_to_utc(datetime(2020-02-02 20:02:20), 'Europe/Paris')`,
  localToUtc,
);

const datetimeListTimezones = defineScalar({
  name: 'datetime_list_timezones',
  signatures: [{ params: [], returns: 'dynamic' }],
  doc: 'The IANA time zone names the time zone functions accept, as an array.',
  example: `print n = array_length(datetime_list_timezones()) > 0`,
  implement: () => () => [...timeZoneNames()],
});

export const datetimeFormatFunctions: ScalarFunctionDef[] = [
  formatDatetime, formatTimespan, datetimeUtcToLocal, datetimeLocalToUtc, datetimeListTimezones,
];
