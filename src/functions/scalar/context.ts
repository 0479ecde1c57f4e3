// Context functions an in-memory engine answers itself: new_guid (a random guid per call and row), and
// estimate_data_size (the byte size of a row's columns, from their types and values).
import { defineScalar, type Implementation, type RowFn, type ScalarFunctionDef } from '../define.js';
import type { KqlType, Scalar } from '../../types.js';

/** 16 random bytes: the platform's CSPRNG where there is one (browsers, Node ≥ 19), else Math.random. */
function randomBytes(): Uint8Array {
  const bytes = new Uint8Array(16);
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  return bytes;
}

/** new-guid-function.md: a random GUID — here an RFC 4122 version-4 guid, as Kusto's examples are. */
const newGuid = defineScalar({
  name: 'new_guid',
  signatures: [{ params: [], returns: 'guid' }],
  doc: 'Returns a random GUID.',
  example: `print guid = new_guid()`,
  foldable: false,
  implement: () => ({
    kind: 'row',
    nullPropagating: false,
    fn: () => {
      const b = randomBytes();
      b[6] = (b[6]! & 0x0f) | 0x40;
      b[8] = (b[8]! & 0x3f) | 0x80;
      const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  }),
});

// ───────────────────────────── estimate_data_size ─────────────────────────────

/**
 * Bytes per value of the column types whose size the docs give, directly or through the type's storage:
 * - int 4, long 8, datetime 8: estimate-table-size.md ("integer values require 4 bytes whereas long and
 *   datetime values require 8 bytes"); long 8 is also the estimate-data-size-function.md example's comment.
 * - bool 1, real 8, timespan 8, guid 16: the storage types of scalar-data-types/index.md (bool `I8`, real
 *   `R64`, timespan `System.TimeSpan`, a 64-bit count of 100 ns ticks, guid `System.Guid`, 128 bits).
 * string is not fixed: its UTF-8 length (below). decimal and dynamic have no documented size (the function
 * page only says a dynamic value is larger than the same text as a string), so the binder rejects them.
 */
export const ESTIMATED_BYTES: Partial<Record<KqlType, number>> = {
  bool: 1, int: 4, long: 8, real: 8, datetime: 8, timespan: 8, guid: 16,
};

/** Bytes of `s` in UTF-8, the encoding Kusto stores strings in (scalar-data-types/string.md). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

/**
 * estimate-data-size-function.md: the estimated data size in bytes of the given columns of the row; the
 * binder supplies the columns (`*` is all of them) and has checked that every type has a size. A
 * fixed-width value counts its width even when null: estimate-table-size.md notes that union's empty
 * (null-filled) columns inflate the estimate, because the function "takes into account empty columns".
 */
export function estimateDataSizeImplementation(types: KqlType[]): Implementation {
  const fixed = types.reduce((sum, t) => sum + (ESTIMATED_BYTES[t] ?? 0), 0);
  const strings = types.flatMap((t, i) => (t === 'string' ? [i] : []));
  const fn: RowFn = (...vs: Scalar[]) => {
    let n = fixed;
    for (const i of strings) {
      const v = vs[i];
      if (typeof v === 'string') n += utf8Length(v);
    }
    return n;
  };
  return { kind: 'row', fn, nullPropagating: false };
}

const estimateDataSize = defineScalar({
  name: 'estimate_data_size',
  signatures: [{ params: [{ name: 'column', types: 'any', repeatable: true }], returns: 'long' }],
  doc: 'The estimated data size in bytes of the given columns of the row (* for all columns).',
  example: `range x from 1 to 10 step 1 | extend Text = '1234567890' | summarize Total = sum(estimate_data_size(*))`,
  foldable: false,
  implement: () => {
    throw new Error('bound by the binder');
  },
});

export const contextFunctions: ScalarFunctionDef[] = [newGuid, estimateDataSize];
