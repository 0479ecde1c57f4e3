// The documentation conformance cases: their shape and the loader for the JSONL fixture.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type CaseFlag =
  | 'approximate'
  | 'set_order'
  | 'arbitrary_rows'
  | 'arbitrary_value'
  | 'dynamic_schema'
  | 'code_block_output';

/** One line of docs-cases.jsonl (field meanings: test/fixtures/conformance/README.md and the shared README). */
export interface DocsCase {
  id: string;
  source: string;
  line: number;
  output_line?: number;
  area: string;
  family?: string;
  subject?: string;
  query: string;
  expected: { columns: string[]; rows: string[][] };
  ordered: boolean;
  uses?: { operators: string[]; functions: string[]; plugins: string[] };
  inferred_types?: string[];
  flags?: CaseFlag[];
  notes?: string[];
}

export const DOCS_CASES_PATH = fileURLToPath(new URL('../fixtures/conformance/docs-cases.jsonl', import.meta.url));

export function loadDocsCases(path: string = DOCS_CASES_PATH): DocsCase[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as DocsCase);
}
