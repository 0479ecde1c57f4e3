// geo_polygon_lookup / geo_line_lookup (geo-polygon-lookup-plugin.md, geo-line-lookup-plugin.md): joins each
// row's location with the lookup-table rows whose polygon contains it (or is within `radius` meters of
// it) / whose line is within `radius` meters of it. Arguments in the analyzer's order: (LookupTable,
// LookupKey, SourceLongitude, SourceLatitude, radius, return_unmatched, lookup_area_radius,
// return_lookup_key). The result is the input's columns then the lookup table's, the key column only with
// return_lookup_key = true; one row per match; with return_unmatched = true a row without a match is kept
// with nulls. lookup_area_radius is only a performance hint in Kusto and changes nothing here.
import type { Column, Scalar } from '../types.js';
import { uniqueName } from '../semantic/naming.js';
import { NUMBER } from '../functions/define.js';
import { EARTH_RADIUS_M, anyPolygonContains, closestOnEdges, lineEdges, lonLat, parseLines, parsePolygons, ringEdges, toVec } from '../functions/scalar/geo.js';
import type { PluginDef } from './define.js';
import { cell, rowOf, tableFromRows } from './table.js';

type Matcher = (x: [number, number, number]) => boolean;

function geoLookup(kind: 'polygon' | 'line'): PluginDef {
  const name = `geo_${kind}_lookup`;
  const Key = kind === 'polygon' ? 'LookupPolygonKey' : 'LookupLineKey';
  return {
    name,
    doc: kind === 'polygon'
      ? 'adds the columns of the lookup-table rows whose GeoJSON polygon contains the row\'s location (or is within radius meters of it)'
      : 'adds the columns of the lookup-table rows whose GeoJSON line is within radius meters of the row\'s location',
    syntax: `T | evaluate ${name}(LookupTable, ${Key}, SourceLongitude, SourceLatitude${kind === 'polygon' ? ' [, radius]' : ', radius'} [, return_unmatched] [, lookup_area_radius] [, return_lookup_key])`,
    bind(a) {
      const lookup = a.table(0, 'the lookup table');
      const keyArg = a.raw(1);
      if (!keyArg || keyArg.kind !== 'NameRef') a.fail(`${Key} must be a column of the lookup table`, a.spanOf(1));
      const keyName = (keyArg as { name: string }).name;
      const keyCol = lookup.schema.findIndex((c) => c.name === keyName);
      if (keyCol < 0) a.fail(`the lookup table has no column '${keyName}'`, a.spanOf(1));
      if (lookup.schema[keyCol]!.type !== 'dynamic') a.fail(`${Key} must be a dynamic column`, a.spanOf(1));
      const lon = a.expr(2, 'SourceLongitude', NUMBER);
      const lat = a.expr(3, 'SourceLatitude', NUMBER);
      for (const n of a.namedArgs()) {
        if (!['radius', 'return_unmatched', 'lookup_area_radius', 'return_lookup_key'].includes(n)) a.fail(`${name} has no parameter '${n}'`, a.spanOf(-1, n));
      }
      const radiusArg = a.constant(4, 'radius', 'real', 'radius');
      if (kind === 'line' && (radiusArg === null || radiusArg.value === null)) a.fail('radius is required', a.span);
      const radius = radiusArg?.value === null || radiusArg === null ? null : Number(radiusArg.value);
      if (radius !== null && !(radius >= 0)) a.fail('radius must be a non-negative number', a.spanOf(4, 'radius'));
      const unmatched = a.constant(5, 'return_unmatched', 'bool', 'return_unmatched')?.value === true;
      a.constant(6, 'lookup_area_radius', 'real', 'lookup_area_radius');
      const returnKey = a.constant(7, 'return_lookup_key', 'bool', 'return_lookup_key')?.value === true;
      const kept = lookup.schema.map((_, j) => j).filter((j) => returnKey || j !== keyCol);
      const used = new Set(a.input.map((c) => c.name));
      const schema: Column[] = [
        ...a.input.map((c) => ({ ...c })),
        ...kept.map((j) => ({ name: uniqueName(lookup.schema[j]!.name, used), type: lookup.schema[j]!.type })),
      ];
      const width = a.input.length;
      const angular = radius === null ? null : radius / EARTH_RADIUS_M;
      return {
        schema,
        run(t, [lt]) {
          const shapes: { row: number; matches: Matcher }[] = [];
          for (let r = 0; r < lt!.rowCount; r++) {
            const value = cell(lt!, keyCol, r);
            if (kind === 'polygon') {
              const polys = parsePolygons(value);
              if (!polys) continue;
              const edges = ringEdges(polys);
              shapes.push({ row: r, matches: (x) => anyPolygonContains(polys, x) || (angular !== null && closestOnEdges(x, edges).d <= angular) });
            } else {
              const lines = parseLines(value);
              if (!lines) continue;
              const edges = lineEdges(lines);
              shapes.push({ row: r, matches: (x) => closestOnEdges(x, edges).d <= angular! });
            }
          }
          const out: Scalar[][] = [];
          const none = kept.map(() => null);
          for (let r = 0; r < t.rowCount; r++) {
            const left = rowOf(t, r).slice(0, width);
            const at = lonLat(cell(t, lon.index, r), cell(t, lat.index, r));
            let hits = 0;
            if (at) {
              const x = toVec(at[0], at[1]);
              for (const s of shapes) {
                if (!s.matches(x)) continue;
                hits++;
                const right = rowOf(lt!, s.row);
                out.push([...left, ...kept.map((j) => right[j]!)]);
              }
            }
            if (hits === 0 && unmatched) out.push([...left, ...none]);
          }
          return tableFromRows(schema, out);
        },
      };
    },
  };
}

export const geoPolygonLookup = geoLookup('polygon');
export const geoLineLookup = geoLookup('line');
