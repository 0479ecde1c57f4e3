// Infers a table file's schema: the engine's inference, plus datetime for columns of ISO 8601 date-time text.
import type { Column } from '../types.js';
import { inferType } from '../values/load.js';
import { getMember } from '../values/dynamic.js';

/** `2026-01-01T00:00:00Z`, `2023-03-10 04:47:22.632009+00:00`, `2020-02-25T16:20:15` (UTC) — a time is required. */
const ISO_DATETIME = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:?\d\d)?$/;

/**
 * Column names in first-seen order, each typed as the engine would infer it — except that a column
 * whose every non-null value is ISO 8601 date-time text is a datetime (JSON has no datetime, so files
 * write them as text).
 */
export function inferFileSchema(rows: readonly Record<string, unknown>[]): Column[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
    }
  }
  return names.map((name) => {
    const values = rows.map((r) => getMember(r, name));
    const present = values.filter((v) => v !== null && v !== undefined);
    if (present.length > 0 && present.every((v) => typeof v === 'string' && ISO_DATETIME.test(v))) {
      return { name, type: 'datetime' };
    }
    return { name, type: inferType(values) };
  });
}
