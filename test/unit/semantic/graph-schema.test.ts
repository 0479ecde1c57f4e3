// Result schemas of the graph operators (src/semantic/graph.ts) against Microsoft's analyzer.
import { describeSameSchemaAsAnalyzer } from '../../harness/same-schema.js';

const E = 'let E = datatable(s:string, d:string, w:long)["a","b",1];';
const N = 'let N1 = datatable(id:string, a:long, b:string)["a",1,"x"]; let N2 = datatable(k:string, b:string, c:real)["a","x",1.0];';
const QUERIES = [
  `${E} E | make-graph s --> d with_node_id=name | graph-to-table nodes`,
  `${E} E | make-graph s --> d with_node_id=name | graph-to-table edges with_source_id=S with_target_id=T`,
  `${E} E | make-graph s --> d | graph-to-table nodes`,
  `${E} ${N} E | make-graph s --> d with N1 on id, N2 on k | graph-to-table nodes with_node_id=Q`,
  `${E} ${N} E | make-graph s --> d with N1 on id | graph-mark-components | graph-to-table nodes`,
  `${E} E | make-graph s --> d with_node_id=name | graph-mark-components kind=strong with_component_id=C | graph-to-table nodes`,
  `${E} E | make-graph s --> d with_node_id=name | graph-match (x)-[e*1..3]->(y) project map(e, w), node_degree_in(x), strcat(x.name, "a"), x.name, x.name, e.w`,
  `${E} E | make-graph s --> d with_node_id=name | graph-match (x)-[e]->(y) where e.w > 0 project x.name, e.w, l = labels(x), i = node_id(y), o = node_degree_out(y)`,
  'let E = datatable(s:long, d:long)[1, 2]; E | make-graph s --> d with_node_id=n | graph-match (x)-->(y) project node_id(x), y.n',
  `${E} E | make-graph s --> d with_node_id=n | graph-shortest-paths output=all (x)-[e*1..3]->(y) where x.n == "a" project y.n, p = map(e, d)`,
  `${E} E | make-graph s --> d with_node_id=n | graph-match (x)-[e*1..3]->(y) project x.n, y.n | where x_n == "a" | count`,
];

describeSameSchemaAsAnalyzer('graph operators', QUERIES);
