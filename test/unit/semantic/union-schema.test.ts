// union and search result columns agree with Microsoft's analyzer (names, types, order), including
// its one-column rule when the first two occurrences of a name share a type (union-schema.ts).
import { describeSchemaAgreement } from '../../harness/schema-agreement.js';

const TABLES = {
  A: { X: 'string', Y: 'long', Z: 'int' },
  B: { X: 'long', Y: 'string', W: 'bool' },
  C: { X: 'dynamic', Z: 'bool' },
  D: { Z: 'long' },
  E: { Z: 'real', Z_long: 'long' },
};

const QUERIES = [
  'union A, B',
  'union B, A',
  'union A, C',
  'union withsource=Src A, B, C',
  'A | union B, D',
  'union A, D, E',
  'union E, D, A',
  // the first two occurrences of X agree (string): one X column, B's long converted
  'union A, A, B',
  'union A, B, B',
  'union D, D, E, A',
  'search in (A, B) "x"',
  'search in (A, A, B) "x"',
  'let View_1 = view () { print x=1 }; let View_2 = view () { print x=toint(2) }; let View_3 = view () { print x_long=3 }; union withsource=TableName View_1, View_2, View_3',
  'union (print x_long=3, x=1), (print x=toint(2))',
  'union (print x=1), (print x=2), (print x="7")',
];

describeSchemaAgreement('union result schema ≡ Kusto.Language', TABLES, QUERIES);
