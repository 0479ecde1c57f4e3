// KQL's scalar types and the JS value each one boxes to.

/** The ten scalar types of KQL. */
export type KqlType =
  | 'bool'
  | 'int'
  | 'long'
  | 'real'
  | 'decimal'
  | 'string'
  | 'datetime'
  | 'timespan'
  | 'guid'
  | 'dynamic';

export const KQL_TYPES: readonly KqlType[] = [
  'bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'guid', 'dynamic',
];

/** Type aliases Kusto accepts in schemas, casts and `datatable(...)`. */
export const TYPE_ALIASES: Record<string, KqlType> = {
  bool: 'bool', boolean: 'bool',
  int: 'int', int32: 'int',
  long: 'long', int64: 'long',
  real: 'real', double: 'real',
  decimal: 'decimal',
  string: 'string',
  datetime: 'datetime', date: 'datetime',
  timespan: 'timespan', time: 'timespan',
  guid: 'guid', uniqueid: 'guid',
  dynamic: 'dynamic',
};

export function parseTypeName(name: string): KqlType | undefined {
  return TYPE_ALIASES[name.toLowerCase()];
}

export function isNumeric(t: KqlType): boolean {
  return t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
}

/**
 * Boxed (row-at-a-time) JS representation of a KQL value, as kernels and literals see it:
 *  - null of any type except string: `null`; strings are never null (empty instead)
 *  - bool: boolean; int, real: number; long: number, or bigint beyond ±(2^53 − 1) (values/long.ts)
 *  - decimal: number when the double's shortest digits are the value's digits, else the canonical
 *    digits as a string (values/decimal.ts)
 *  - string, guid: string (guids lowercase)
 *  - datetime: bigint, 100-ns ticks since the Unix epoch (exact; vectors store it as ms + sub-ms ticks)
 *  - timespan: number, 100-ns ticks (exact to ±28 years)
 *  - dynamic: a JSON value (null, boolean, number, string, array, plain object)
 */
export type Scalar = null | boolean | number | bigint | string | unknown[] | { [k: string]: unknown };

export interface Column {
  name: string;
  type: KqlType;
}

export type Schema = readonly Column[];

export const TICKS_PER_MS = 10_000;
export const TICKS_PER_SECOND = 10_000_000;
export const TICKS_PER_MINUTE = 60 * TICKS_PER_SECOND;
export const TICKS_PER_HOUR = 60 * TICKS_PER_MINUTE;
export const TICKS_PER_DAY = 24 * TICKS_PER_HOUR;
