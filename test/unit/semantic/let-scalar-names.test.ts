// A let-bound scalar names the column of an expression the way a column does (project d → d, max(d) →
// max_d, d.k → d_k), except in print (print d → print_0): checked against Microsoft's analyzer. Before
// this, `let DeviceName = "x"; AssignedIPAddresses(...) | project DeviceName, ...` (Defender's docs) named
// the column Column1, and a later join's DeviceName1 did not exist.
import { describeSchemaAgreement } from '../../harness/schema-agreement.js';

const TABLES = { T: { a: 'string', Timestamp: 'datetime' }, N: { DeviceName: 'string', RemoteIP: 'string' } };

const QUERIES = [
  'let d = "x"; T | project d',
  'let d = "x"; T | extend d',
  'let d = "x"; T | summarize count() by d',
  'let d = "x"; print d',
  'let d = "x"; T | project d, a, strlen(d)',
  'let d = dynamic({"k":1}); T | project d.k',
  'let d = "x"; T | extend tolower(d)',
  'let d = 1; T | summarize max(d)',
  'let d = "x"; T | distinct d',
  'let d = "x"; T | make-series count() on Timestamp step 1d by d',
  'let d = "x"; T | top-nested 2 of d by count()',
  'let f = (x: string) { T | project x, a }; f("v")',
  'let DeviceName = "x"; T | project DeviceName, a | join kind=inner N on $left.a == $right.RemoteIP',
];

describeSchemaAgreement('let-bound scalars name columns as the analyzer does', TABLES, QUERIES);
