// Streams the records of a CSV file (RFC 4180: comma-separated, "quoted" fields with "" for a quote
// and line breaks allowed inside quotes, CRLF or LF between records), strictly.
import { DataFileError, chunksOf, type TextSource } from './errors.js';

export interface CsvRow {
  fields: string[];
  /** 1-based line the record starts on */
  line: number;
}

/** Every record, the header included; a blank line between records is skipped. */
export async function* readCsvRows(source: TextSource, file: string): AsyncGenerator<CsvRow> {
  let fields: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let afterQuote = false; // just closed a quoted field: only , or a line break may follow
  let fieldStarted = false;
  let line = 1;
  let col = 0;
  let rowLine = 1;
  let quoteLine = 0;
  let quoteCol = 0;
  let pendingQuote = false; // saw " inside a quoted field: either "" or the closing quote
  let first = true;
  let lastWasCr = false;
  const endRow = (): CsvRow | undefined => {
    fields.push(field);
    const row = fields;
    fields = [];
    field = '';
    fieldStarted = false;
    afterQuote = false;
    const l = rowLine;
    if (row.length === 1 && row[0] === '') return undefined; // blank line
    return { fields: row, line: l };
  };
  for await (let chunk of chunksOf(source)) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    let i = 0;
    while (i < chunk.length) {
      const ch = chunk.charCodeAt(i);
      if (quoted) {
        if (pendingQuote) {
          pendingQuote = false;
          if (ch === 34) {
            field += '"';
            col++;
            i++;
            continue;
          }
          quoted = false;
          afterQuote = true;
          continue; // look at this character again, outside the quotes
        }
        // copy a run of ordinary characters at once
        let j = i;
        while (j < chunk.length) {
          const c = chunk.charCodeAt(j);
          if (c === 34) break;
          if (c === 10) {
            line++;
            col = 0;
          } else col++;
          j++;
        }
        field += chunk.slice(i, j);
        if (j < chunk.length) {
          pendingQuote = true;
          col++;
          j++;
        }
        i = j;
        continue;
      }
      if (ch === 44) {
        lastWasCr = false;
        col++;
        fields.push(field);
        field = '';
        fieldStarted = false;
        afterQuote = false;
        i++;
        continue;
      }
      if (ch === 10 || ch === 13) {
        i++;
        if (ch === 10 && lastWasCr) {
          lastWasCr = false; // the LF of a CRLF: the record already ended at the CR
          continue;
        }
        lastWasCr = ch === 13;
        const r = endRow();
        line++;
        col = 0;
        rowLine = line;
        if (r) yield r;
        continue;
      }
      lastWasCr = false;
      col++;
      if (afterQuote) throw new DataFileError(file, line, `unexpected text after a closing quote (a quote inside a quoted field is written "")`, col);
      if (ch === 34) {
        if (fieldStarted) throw new DataFileError(file, line, 'a quote inside an unquoted field (quote the whole field and write the quote as "")', col);
        quoted = true;
        fieldStarted = true;
        quoteLine = line;
        quoteCol = col;
        i++;
        continue;
      }
      fieldStarted = true;
      let j = i + 1;
      while (j < chunk.length) {
        const c = chunk.charCodeAt(j);
        if (c === 44 || c === 10 || c === 13 || c === 34) break;
        j++;
      }
      col += j - i - 1;
      field += chunk.slice(i, j);
      i = j;
    }
  }
  if (quoted && !pendingQuote) throw new DataFileError(file, quoteLine, 'a quoted field is not closed before the end of the file', quoteCol);
  if (fields.length > 0 || field !== '' || fieldStarted) {
    const r = endRow();
    if (r) yield r;
  }
}
