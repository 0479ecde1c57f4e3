// A stand-in for src/index.ts with scripted behaviours, to test the runners (not an engine).
export class KqlError extends Error {
  readonly diagnostics: { code: string; severity: string; message: string; start: number; end: number; line: number; column: number }[];
  constructor(message: string) {
    super(message);
    this.name = 'KqlError';
    this.diagnostics = [{ code: 'KQL0001', severity: 'error', message, start: 0, end: 1, line: 1, column: 1 }];
  }
}

export class Database {
  private readonly tables = new Map<string, unknown[]>();
  constructor(readonly options: { now?: string } = {}) {}

  addTable(name: string, rows: unknown[]): void {
    this.tables.set(name, rows);
  }

  async query(text: string) {
    if (text === 'spin') for (;;) { /* a synchronous infinite loop */ }
    if (text === 'never') return new Promise<never>(() => {});
    if (text === 'type-error') throw new TypeError('boom');
    if (text === 'kql-error') throw new KqlError('bad query');
    if (text === 'internal') throw new KqlError('internal error: x is undefined');
    const rows = [[1, '2026-01-01T00:00:00Z', text]];
    return {
      columns: [{ name: 'n', type: 'long' }, { name: 'at', type: 'datetime' }, { name: 'text', type: 'string' }],
      rows,
      toJSON: () => ({ columns: [], rows }),
    };
  }

  analyze(text: string) {
    if (text === 'throw') throw new KqlError('analyze must not throw');
    return { columns: [{ name: 'tables', type: `long:${this.tables.size}` }], diagnostics: [] };
  }
}

export function parse(text: string) {
  return { diagnostics: text.includes('(') ? [{ code: 'KQL0001', severity: 'error', message: 'x', start: text.indexOf('('), end: text.length }] : [] };
}
