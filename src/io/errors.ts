// A bad input file, located as precisely as the loader can: file, 1-based line and column.

export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
    readonly column?: number,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}${column === undefined ? '' : `:${column}`}`}: ${reason}`);
    this.name = 'DataFileError';
  }
}

/** Text in pieces, as a file stream delivers it (or one string). */
export type TextSource = AsyncIterable<string> | Iterable<string> | string;

export async function* chunksOf(source: TextSource): AsyncGenerator<string> {
  if (typeof source === 'string') {
    yield source;
    return;
  }
  for await (const chunk of source as AsyncIterable<string>) if (chunk.length) yield chunk;
}

/** JSON.parse's complaint without its position suffix, plus the 0-based offset it named (if any). */
export function jsonProblem(e: unknown): { reason: string; offset?: number } {
  const message = String((e as Error)?.message ?? e).replace(/^JSON\.parse: /, '');
  const at = /\s*(?:in JSON )?at position (\d+)/.exec(message);
  const reason = message.replace(/\s*(?:in JSON )?at position \d+.*$/, '').replace(/ in JSON$/, '');
  return at ? { reason, offset: Number(at[1]) } : { reason };
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v} (${JSON.stringify(v)?.slice(0, 30)})`;
}
