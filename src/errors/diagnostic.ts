// Diagnostics: the one shape every stage reports problems in, and the error the API throws.

export interface Span {
  /** offset of the first character (0-based, UTF-16 code units) */
  start: number;
  /** offset one past the last character */
  end: number;
}

export type Severity = 'error' | 'warning';

/** A problem found in a query. `line`/`column` are 1-based and filled in by `locate()`. */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  line: number;
  column: number;
  help?: string;
}

/** What stages create; `locate()` turns it into a full Diagnostic once the text is known. */
export interface RawDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  help?: string;
}

export function locate(text: string, d: RawDiagnostic): Diagnostic {
  const start = Math.max(0, Math.min(d.span.start, text.length));
  const end = Math.max(start, Math.min(d.span.end, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < start; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const out: Diagnostic = {
    code: d.code, severity: d.severity, message: d.message, start, end, line, column: start - lineStart + 1,
  };
  if (d.help) out.help = d.help;
  return out;
}

/** Thrown by the public API for any query error; `diagnostics` holds every problem found. */
export class KqlError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[], message?: string) {
    const first = diagnostics[0];
    super(message ?? (first ? `${first.code} ${first.message} at ${first.line}:${first.column}` : 'query failed'));
    this.name = 'KqlError';
    this.diagnostics = diagnostics;
  }
}

/** An error raised while loading or converting data (not a query problem). */
export class KqlDataError extends Error {
  /**
   * @param span where in the query the failing part is (e.g. an externaldata URL whose reader failed);
   *   without it, a query error built from this points at the whole query
   */
  constructor(
    message: string,
    readonly span?: Span,
  ) {
    super(message);
    this.name = 'KqlDataError';
  }
}
