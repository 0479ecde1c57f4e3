// Streams JSON records out of NDJSON (one object per line) or one JSON array of objects, with the
// line each record starts on; any syntax error names the file, line and column.
import { DataFileError, chunksOf, describeValue, isRecord, jsonProblem, type TextSource } from './errors.js';

export interface SourceRecord {
  value: Record<string, unknown>;
  /** 1-based line the record starts on */
  line: number;
}

/**
 * The records of a JSON file: a file whose first non-blank character is `[` is one JSON array of
 * objects (read element by element, never whole); anything else is NDJSON, one object per
 * non-blank line. A byte-order mark is skipped.
 */
export async function* readJsonRecords(source: TextSource, file: string): AsyncGenerator<SourceRecord> {
  for await (const batch of readJsonBatches(source, file)) yield* batch;
}

/** As readJsonRecords, in batches (one per chunk of text read): far fewer awaits per record. */
export async function* readJsonBatches(source: TextSource, file: string): AsyncGenerator<SourceRecord[]> {
  const chunks = chunksOf(source);
  // Find the first non-blank character to choose the mode, keeping what was read.
  let head = '';
  for (;;) {
    const next = await chunks.next();
    if (next.done) break;
    head += next.value;
    if (head.charCodeAt(0) === 0xfeff) head = ` ${head.slice(1)}`; // keep columns: the BOM is not a character of line 1
    if (/\S/.test(head)) break;
  }
  async function* rest(): AsyncGenerator<string> {
    if (head) yield head;
    for (;;) {
      const next = await chunks.next();
      if (next.done) return;
      yield next.value;
    }
  }
  if (head.trimStart().startsWith('[')) yield* arrayRecords(rest(), file);
  else yield* lineRecords(rest(), file);
}

async function* lineRecords(chunks: AsyncIterable<string>, file: string): AsyncGenerator<SourceRecord[]> {
  let line = 0;
  let carry = '';
  const parse = (text: string): SourceRecord | undefined => {
    line++;
    let start = 0;
    while (start < text.length && isBlank(text.charCodeAt(start))) start++;
    if (start === text.length) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      const { reason, offset } = jsonProblem(e);
      const column = offset !== undefined ? offset + 1 : /end of JSON/i.test(reason) ? text.trimEnd().length + 1 : start + 1;
      throw new DataFileError(file, line, `not valid JSON (${reason}); expected one JSON object per line`, column);
    }
    if (!isRecord(value)) throw new DataFileError(file, line, `expected a JSON object, got ${describeValue(value)}`, start + 1);
    return { value, line };
  };
  for await (const chunk of chunks) {
    const batch: SourceRecord[] = [];
    let from = 0;
    let nl = chunk.indexOf('\n');
    if (nl >= 0 && carry) {
      const r = parse(carry + chunk.slice(0, nl));
      carry = '';
      if (r) batch.push(r);
      from = nl + 1;
      nl = chunk.indexOf('\n', from);
    }
    while (nl >= 0) {
      const r = parse(chunk.slice(from, nl));
      if (r) batch.push(r);
      from = nl + 1;
      nl = chunk.indexOf('\n', from);
    }
    carry += chunk.slice(from);
    if (batch.length) yield batch;
  }
  if (carry) {
    const r = parse(carry);
    if (r) yield [r];
  }
}

const isBlank = (c: number) => c === 32 || c === 9 || c === 13 || c === 10;

/**
 * Elements of a top-level JSON array, found with a light scanner (strings, escapes, nesting) and each
 * parsed on its own, so memory holds one element at a time.
 */
async function* arrayRecords(chunks: AsyncIterable<string>, file: string): AsyncGenerator<SourceRecord[]> {
  let line = 1;
  let col = 0; // column of the current character, 1-based after increment
  let depth = 0; // 0 before '[', 1 inside the array, >1 inside an element
  let inString = false;
  let escaped = false;
  let state: 'start' | 'value' | 'comma' | 'done' = 'start'; // what may come next at depth 1
  let element = ''; // text of the element being read
  let elementLine = 0;
  let elementCol = 0;
  let count = 0;
  let primitive = false; // a non-object element (number, string, literal) being read
  const fail = (reason: string, l = line, c = col): never => {
    throw new DataFileError(file, l, reason, c);
  };
  const finish = (): SourceRecord => {
    count++;
    let value: unknown;
    try {
      value = JSON.parse(element);
    } catch (e) {
      const { reason, offset } = jsonProblem(e);
      const [l, c] = offset === undefined ? [elementLine, elementCol] : advance(element, offset, elementLine, elementCol - 1);
      return fail(`not valid JSON (${reason})`, l, c);
    }
    if (!isRecord(value)) fail(`element ${count} of the array is ${describeValue(value)}, not an object`, elementLine, elementCol);
    element = '';
    primitive = false;
    return { value: value as Record<string, unknown>, line: elementLine };
  };
  for await (const chunk of chunks) {
    const batch: SourceRecord[] = [];
    let from = -1; // start in this chunk of the element text not yet copied
    if (depth >= 2 || primitive) from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk.charCodeAt(i);
      if (ch === 10) {
        line++;
        col = 0;
      } else col++;
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === 92) escaped = true;
        else if (ch === 34) inString = false;
        continue;
      }
      if (depth >= 2) {
        if (ch === 34) inString = true;
        else if (ch === 123 || ch === 91) depth++;
        else if (ch === 125 || ch === 93) {
          depth--;
          if (depth === 1) {
            element += chunk.slice(from, i + 1);
            from = -1;
            batch.push(finish());
            state = 'comma';
          }
        }
        continue;
      }
      if (primitive) {
        // a string, number or literal element ends at a delimiter
        if (ch === 44 || ch === 93 || isBlank(ch)) {
          element += chunk.slice(from, i);
          from = -1;
          batch.push(finish());
          state = 'comma';
        } else {
          if (ch === 34) inString = true;
          continue;
        }
      }
      if (isBlank(ch)) continue;
      if (state === 'done') fail('unexpected text after the end of the array');
      if (depth === 0) {
        if (ch !== 91) fail('expected a JSON array');
        depth = 1;
        state = 'value';
        continue;
      }
      if (state === 'comma') {
        if (ch === 44) state = 'value';
        else if (ch === 93) {
          depth = 0;
          state = 'done';
        } else fail(`expected ',' or ']' after element ${count}`);
        continue;
      }
      // state 'value' (or 'start' right after '[' — same thing here)
      if (ch === 93) {
        if (count > 0) fail('trailing comma before the end of the array');
        depth = 0;
        state = 'done';
        continue;
      }
      if (ch === 44) fail('missing element before the comma');
      elementLine = line;
      elementCol = col;
      from = i;
      if (ch === 123 || ch === 91) depth = 2;
      else {
        primitive = true;
        if (ch === 34) inString = true;
      }
    }
    if (from >= 0) element += chunk.slice(from);
    if (batch.length) yield batch;
  }
  if (primitive && !inString) {
    yield [finish()];
    state = 'comma';
  }
  if (state !== 'done') fail(count === 0 && depth === 0 ? 'empty file' : 'unexpected end of file: the array is not closed with ]');
}

/** The line and 1-based column `offset` characters into `text`, whose first character is at (line, col + 1). */
function advance(text: string, offset: number, line: number, col: number): [number, number] {
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      col = 0;
    } else col++;
  }
  return [line, col + 1];
}
