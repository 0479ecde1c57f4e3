// Result schemas of the operators added by the ops slice (scan, reduce, ...) against Microsoft's analyzer.
import { describeSameSchemaAsAnalyzer } from '../../harness/same-schema.js';

const QUERIES = [
  'range x from 1 to 5 step 1 | scan declare (cumulative_x:long=0) with (step s1: true => cumulative_x = x + s1.cumulative_x;)',
  'range x from 1 to 5 step 1 | scan with_match_id=m declare (a:string, b:timespan = 1s) with (step s1 output=last: x > 1 => a = "q"; step s2 output=none: x > s1.x => b = 2s;)',
  'range x from 1 to 5 step 1 | scan with_match_id=m with (step s1: x > 1;)',
  'range x from 1 to 10 step 1 | project str = strcat("foo", "Z", tostring(x)) | reduce by str',
  'range x from 1 to 10 step 1 | project str = strcat("foo", "Z", tostring(x)), y = x | reduce kind=source by str with threshold=0.2, characters="Z"',
];

describeSameSchemaAsAnalyzer('ops operators', QUERIES);
