// Node-only file access for the loaders: streamed reading, gzip, a progress bar. Kept out of the
// browser core: exported from the `kql-engine/node` entry, never from `kql-engine`.
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Database } from '../database.js';
import { DataFileError } from './errors.js';
import { loadTables, type ReadTablesOptions, type TableData } from './load.js';

/** Whether the file starts with the gzip magic bytes 1f 8b. */
export function isGzipFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/**
 * A file's text in chunks (UTF-8), decompressed when it is gzip (by its magic bytes, whatever its
 * name). `onBytes` hears how many bytes of the file have been read so far.
 */
export async function* readTextFile(path: string, onBytes?: (bytesRead: number) => void): AsyncGenerator<string> {
  const gzip = isGzipFile(path);
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  if (onBytes) raw.on('data', (b) => onBytes((bytes += b.length)));
  const stream = gzip ? raw.pipe(createGunzip()) : raw;
  if (gzip) raw.on('error', (e) => stream.destroy(e));
  // TextDecoder (simdutf in Node 20) decodes UTF-8 about 40% faster than the stream's StringDecoder
  // (173 MB of NDJSON: 0.20 s instead of 0.34 s CPU). Same text: invalid bytes become U+FFFD, a
  // sequence split across chunks is completed by the next one, and a byte-order mark is kept
  // (ignoreBOM), as setEncoding('utf8') keeps it, for the JSON and CSV readers to skip.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  try {
    for await (const chunk of stream) {
      const text = decoder.decode(chunk as Uint8Array, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (gzip && typeof err.code === 'string' && err.code.startsWith('Z_')) {
      throw new DataFileError(path, undefined, `not a valid gzip file (${err.message})`);
    }
    throw e;
  } finally {
    raw.destroy();
  }
}

export interface LoadFileOptions extends Omit<ReadTablesOptions, 'file'> {
  /** show a progress bar on this stream when loading takes over a second (only if it is a terminal) */
  progress?: NodeJS.WriteStream;
}

/**
 * Loads a NDJSON / JSON / CSV file (optionally gzip-compressed) into the database, streaming.
 * `table` names the table (optional for Defender Streaming API records, which name theirs).
 */
export async function loadFile(db: Database, path: string, options: LoadFileOptions = {}): Promise<TableData[]> {
  const bar = options.progress ? progressBar(options.progress, path, statSync(path).size) : undefined;
  try {
    return await loadTables(db, readTextFile(path, bar?.update), { ...options, file: path });
  } finally {
    bar?.done();
  }
}

/**
 * A one-line progress bar on a terminal stream, drawn only once the work has taken a second and at
 * most ten times a second; nothing at all when the stream is not a terminal (CI logs stay clean).
 */
export function progressBar(stream: NodeJS.WriteStream, label: string, total: number, now: () => number = Date.now): { update: (done: number) => void; done: () => void } {
  if (!stream.isTTY) return { update: () => {}, done: () => {} };
  const start = now();
  let last = 0;
  let drawn = false;
  return {
    update(done: number) {
      const t = now();
      if (t - start < 1000 || t - last < 100) return;
      last = t;
      drawn = true;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 30));
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const full = Math.round(frac * width);
      const mb = (done / 1048576).toFixed(1);
      stream.write(`\r${label} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${Math.round(frac * 100)}% ${mb} MB`);
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
