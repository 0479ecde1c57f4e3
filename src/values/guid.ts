// Parses guid text the way Kusto's guid() literal and toguid() do; guids are held lowercase.

const HEX = /^[0-9a-fA-F]{32}$/;
const DASHED = /^([0-9a-fA-F]{8})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{12})$/;

/**
 * Guid text → canonical lowercase `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, or null.
 * Accepts the .NET `Guid.Parse` shapes Kusto relies on: `D` (dashed), `N` (32 hex digits),
 * `B` (`{D}`) and `P` (`(D)`), any letter case, surrounding whitespace ignored.
 */
export function parseGuid(text: string): string | null {
  let s = text.trim();
  const first = s.charCodeAt(0);
  if (first === 0x7b /* { */ || first === 0x28 /* ( */) {
    const close = first === 0x7b ? '}' : ')';
    if (s[s.length - 1] !== close) return null;
    s = s.slice(1, -1);
    if (s.length !== 36) return null;
  }
  if (s.length === 36) {
    if (!DASHED.test(s)) return null;
    return s.toLowerCase();
  }
  if (s.length === 32 && HEX.test(s)) {
    const h = s.toLowerCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  return null;
}

/** True when `s` is already a canonical lowercase dashed guid. */
export const isCanonicalGuid = (s: string): boolean => s.length === 36 && DASHED.test(s) && s === s.toLowerCase();
