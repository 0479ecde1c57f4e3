import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_SCHEMAS,
  BUILTIN_TABLE_NAMES,
  BUILTIN_TYPE_BY_ENVIRONMENT,
  getBuiltinSchema,
} from '../../../src/schemas/index.js';
import { KQL_TYPES } from '../../../src/types.js';
import { DEFAULT_SCHEMAS_DIR, GENERATED_FILE, renderSchemas } from '../../tools/gen-schemas.js';

const typeOf = (table: string, column: string) =>
  getBuiltinSchema(table)?.find((c) => c.name === column)?.type;

describe('built-in schemas', () => {
  it('has the 82 shared tables, each with unique, typed columns', () => {
    expect(BUILTIN_TABLE_NAMES).toHaveLength(82);
    for (const [table, columns] of Object.entries(BUILTIN_SCHEMAS)) {
      expect(columns.length, table).toBeGreaterThan(0);
      expect(new Set(columns.map((c) => c.name)).size, table).toBe(columns.length);
      for (const c of columns) expect(KQL_TYPES, `${table}.${c.name}`).toContain(c.type);
    }
  });

  it('knows the DLP scenario tables', () => {
    expect(getBuiltinSchema('CloudAppEvents')).toHaveLength(42);
    expect(getBuiltinSchema('SecurityAlert')).toHaveLength(37);
    expect(getBuiltinSchema('CloudAppEvents')?.[0]).toEqual({ name: 'Timestamp', type: 'datetime' });
    expect(typeOf('CloudAppEvents', 'RawEventData')).toBe('dynamic');
    expect(typeOf('CloudAppEvents', 'ApplicationId')).toBe('int');
    expect(typeOf('CloudAppEvents', 'ReportId')).toBe('string');
    expect(typeOf('CloudAppEvents', 'IsAdminOperation')).toBe('bool');
    expect(typeOf('SecurityAlert', 'StartTime')).toBe('datetime');
    expect(typeOf('SecurityAlert', 'ConfidenceScore')).toBe('real');
    expect(typeOf('SecurityAlert', 'Entities')).toBe('string');
    expect(typeOf('SecurityAlert', 'AlertType')).toBe('string');
  });

  it('uses the advanced-hunting type where the environments disagree, the Sentinel one on request', () => {
    expect(BUILTIN_TYPE_BY_ENVIRONMENT.DeviceEvents?.AdditionalFields).toEqual({
      advancedHunting: 'string', sentinel: 'dynamic',
    });
    expect(typeOf('DeviceEvents', 'AdditionalFields')).toBe('string');
    expect(typeOf('IdentityLogonEvents', 'Port')).toBe('int');
    expect(typeOf('IdentityInfo', 'Tags')).toBe('dynamic');
    const sentinel = getBuiltinSchema('DeviceEvents', { environment: 'sentinel' });
    expect(sentinel?.find((c) => c.name === 'AdditionalFields')?.type).toBe('dynamic');
    expect(sentinel?.map((c) => c.name)).toEqual(getBuiltinSchema('DeviceEvents')?.map((c) => c.name));
    expect(getBuiltinSchema('CloudAppEvents', { environment: 'sentinel' })).toBe(getBuiltinSchema('CloudAppEvents'));
  });

  it('is case-sensitive, knows the GraphApiAuditEvents spelling, and has no prototype keys', () => {
    expect(getBuiltinSchema('cloudappevents')).toBeUndefined();
    expect(getBuiltinSchema('NoSuchTable')).toBeUndefined();
    expect(getBuiltinSchema('toString')).toBeUndefined();
    expect(getBuiltinSchema('GraphApiAuditEvents')).toBe(getBuiltinSchema('GraphAPIAuditEvents'));
  });

  describe.skipIf(!existsSync(DEFAULT_SCHEMAS_DIR))('against ../shared/schemas', () => {
    it('the committed tables.generated.ts is up to date (npx tsx test/tools/gen-schemas.ts)', () => {
      expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(renderSchemas(DEFAULT_SCHEMAS_DIR));
    });

    it('column counts match the source files', () => {
      for (const table of ['CloudAppEvents', 'SecurityAlert', 'AzureDiagnostics', 'SecurityEvent']) {
        const file = JSON.parse(readFileSync(`${DEFAULT_SCHEMAS_DIR}/${table}.json`, 'utf8')) as { columns: unknown[] };
        expect(getBuiltinSchema(table), table).toHaveLength(file.columns.length);
      }
    });
  });
});
