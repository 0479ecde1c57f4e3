// Geospatial overlays, buffers and simplification (geo-intersection-*, geo-union-*, geo-*-buffer,
// geo-*-simplify pages). The model is geo.ts's: a sphere of S2's Earth radius, geodesic edges, null
// for any invalid input. Overlays are exact on the sphere (geo-clip.ts: gnomonic projection + planar
// booleans), and list their output the way S2 does (loops start at the edge of the smallest input edge
// id). Buffers and simplification follow the documented contracts (a polygon within `tolerance` of the
// ideal buffer; no two vertices closer than `tolerance`), but Kusto's exact vertex choices are not
// published, so their vertices are ours.
import type { Pair } from 'polygon-clipping';
import type { Scalar } from '../../types.js';
import { defineScalar, DYNAMIC, NUMBER, p, type ScalarFunctionDef } from '../define.js';
import {
  angle, closestOnEdge, cross, EARTH_RADIUS_M, LINE, lonLat, normalize, num, parseLines, parsePolygons,
  pointAlong, POLYGON, toLonLat, total, toVec, type PolygonRings, type Polyline, type Vec, type Vertex,
} from './geo.js';
import { canonicalPolygons, chainSegments, EdgeGrid, Frame, intersection, Plane, polygonEdges, sphereLineUnion, union, type Edge } from './geo-clip.js';

// ───────────────────────────── GeoJSON output ─────────────────────────────

const closed = (r: [number, number][]) => [...r, r[0]!];

/** The GeoJSON of points, lines and polygons (planar, in `frame`): one shape, or a GeometryCollection. */
function shapes(frame: Frame, points: Pair[], lines: Pair[][], polys: Pair[][][]): Record<string, unknown> {
  const ll = (q: Pair) => frame.lonLat(q);
  const parts: Record<string, unknown>[] = [];
  if (points.length === 1) parts.push({ type: 'Point', coordinates: ll(points[0]!) });
  else if (points.length > 1) parts.push({ type: 'MultiPoint', coordinates: points.map(ll) });
  if (lines.length === 1) parts.push({ type: 'LineString', coordinates: lines[0]!.map(ll) });
  else if (lines.length > 1) parts.push({ type: 'MultiLineString', coordinates: lines.map((l) => l.map(ll)) });
  const polyCoords = polys.map((q) => q.map((r) => closed(r.map(ll))));
  if (polyCoords.length === 1) parts.push({ type: 'Polygon', coordinates: polyCoords[0] });
  else if (polyCoords.length > 1) parts.push({ type: 'MultiPolygon', coordinates: polyCoords });
  if (parts.length === 1) return parts[0]!;
  return { type: 'GeometryCollection', geometries: parts };
}

const linesVecs = (lines: Polyline[]) => lines.flatMap((l) => l.map((q) => q.v));
const polysVecs = (polys: PolygonRings[]) => polys.flatMap((q) => q.flatMap((r) => r.map((x) => x.v)));

/** Distinct points that are not on any of the lines or inside/on any of the polygons. */
function loosePoints(plane: Plane, points: Pair[], lines: Pair[][], polys: Pair[][][]): Pair[] {
  const out: Pair[] = [];
  for (const q of points) {
    if (out.some((x) => Math.hypot(x[0] - q[0], x[1] - q[1]) <= plane.eps)) continue;
    if (lines.some((l) => l.some((a, i) => i + 1 < l.length && plane.onSegment(q, a, l[i + 1]!)))) continue;
    if (polys.length > 0 && plane.contains(polys, q)) continue;
    out.push(q);
  }
  return out;
}

function lineEdgesOf(lines: Pair[][], start = 0): Edge[] {
  const out: Edge[] = [];
  let id = start;
  for (const l of lines) for (let i = 0; i + 1 < l.length; i++) out.push({ a: l[i]!, b: l[i + 1]!, id: id++ });
  return out;
}

// ───────────────────────────── intersections ─────────────────────────────

const geoIntersection2Lines = defineScalar({
  name: 'geo_intersection_2lines',
  signatures: [{ params: [LINE('lineString1'), LINE('lineString2')], returns: 'dynamic' }],
  doc: 'The intersection of two GeoJSON LineStrings or MultiLineStrings (geodesic edges): a point, line, collection, or an empty GeometryCollection; null for an invalid line.',
  example: `print geo_intersection_2lines(dynamic({"type":"LineString","coordinates":[[-73.978929,40.785155],[-73.980903,40.782621]]}), dynamic({"type":"LineString","coordinates":[[-73.985195,40.788275],[-73.974552,40.779761]]}))`,
  implement: () => total((l1, l2) => {
    const a = parseLines(l1);
    const b = parseLines(l2);
    if (!a || !b) return null;
    const frame = Frame.around([...linesVecs(a), ...linesVecs(b)]);
    if (!frame) return null;
    const pa = a.map((l) => l.map((q) => frame.vertex(q)));
    const pb = b.map((l) => l.map((q) => frame.vertex(q)));
    const plane = new Plane([...pa.flat(), ...pb.flat()]);
    const ea = lineEdgesOf(pa);
    const eb = lineEdgesOf(pb);
    const segs: Edge[] = [];
    const points: Pair[] = [];
    const gb = new EdgeGrid(eb, plane.eps * 2);
    for (const x of ea) {
      for (const y of gb.near(x.a, x.b)) {
        const r = plane.intersect(x.a, x.b, y.a, y.b);
        if (!r) continue;
        if ('seg' in r) segs.push({ a: r.seg[0], b: r.seg[1], id: x.id });
        else points.push(r.point);
      }
    }
    const lines = chainSegments(segs, plane);
    return shapes(frame, loosePoints(plane, points, lines, []), lines, []);
  }),
});

const geoIntersectionLineWithPolygon = defineScalar({
  name: 'geo_intersection_line_with_polygon',
  signatures: [{ params: [LINE(), POLYGON()], returns: 'dynamic' }],
  doc: 'The part of a GeoJSON LineString or MultiLineString inside a Polygon or MultiPolygon (geodesic edges; the boundary counts as inside): a line, point, collection, or an empty GeometryCollection; null for invalid input.',
  example: `print geo_intersection_line_with_polygon(dynamic({"type":"LineString","coordinates":[[-73.985195,40.788275],[-73.974552,40.779761]]}), dynamic({"type":"Polygon","coordinates":[[[-73.9712905883789,40.78580561168767],[-73.98004531860352,40.775276834803655],[-73.97000312805176,40.77852663535664],[-73.9712905883789,40.78580561168767]]]}))`,
  implement: () => total((line, polygon) => {
    const lines = parseLines(line);
    const polys = parsePolygons(polygon);
    if (!lines || !polys) return null;
    const frame = Frame.around([...linesVecs(lines), ...polysVecs(polys)]);
    if (!frame) return null;
    const pl = lines.map((l) => l.map((q) => frame.vertex(q)));
    const pp = polys.map((q) => q.map((r) => r.map((x) => frame.vertex(x))));
    const plane = new Plane([...pl.flat(), ...pp.flat(2)]);
    const grid = new EdgeGrid(polygonEdges(pp), plane.eps * 2);
    const out: Pair[][] = [];
    const touches: Pair[] = [];
    for (const l of pl) {
      let current: Pair[] | null = null;
      for (let i = 0; i + 1 < l.length; i++) {
        const a = l[i]!;
        const b = l[i + 1]!;
        const cuts: { t: number; p: Pair }[] = [{ t: 0, p: a }, { t: 1, p: b }];
        for (const e of grid.near(a, b)) {
          const r = plane.intersect(a, b, e.a, e.b);
          if (!r) continue;
          for (const q of 'seg' in r ? r.seg : [r.point]) {
            const t = plane.param(q, a, b);
            if (t > 0 && t < 1 && !cuts.some((c) => Math.hypot(c.p[0] - q[0], c.p[1] - q[1]) <= plane.eps)) cuts.push({ t, p: q });
          }
        }
        cuts.sort((x, y) => x.t - y.t);
        for (let k = 0; k + 1 < cuts.length; k++) {
          const p0 = cuts[k]!.p;
          const p1 = cuts[k + 1]!.p;
          const inside = plane.contains(pp, [(p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2]);
          if (inside) {
            if (current && current[current.length - 1] === p0) current.push(p1);
            else {
              current = [p0, p1];
              out.push(current);
            }
          } else {
            current = null;
            touches.push(p0, p1);
          }
        }
      }
    }
    const onBoundary = touches.filter((q) => plane.contains(pp, q));
    return shapes(frame, loosePoints(plane, onBoundary, out, []), out, []);
  }),
});

const geoIntersection2Polygons = defineScalar({
  name: 'geo_intersection_2polygons',
  signatures: [{ params: [POLYGON('polygon1'), POLYGON('polygon2')], returns: 'dynamic' }],
  doc: 'The intersection of two GeoJSON Polygons or MultiPolygons (geodesic edges): a polygon, shared boundary lines or points, a collection of them, or an empty GeometryCollection; null for an invalid polygon.',
  example: `print geo_intersection_2polygons(dynamic({"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,0]]]}), dynamic({"type":"Polygon","coordinates":[[[1,0.5],[3,0.5],[3,3],[1,0.5]]]}))`,
  implement: () => total((p1, p2) => {
    const a = parsePolygons(p1);
    const b = parsePolygons(p2);
    if (!a || !b) return null;
    const frame = Frame.around([...polysVecs(a), ...polysVecs(b)]);
    if (!frame) return null;
    const pa = a.map((q) => q.map((r) => r.map((x) => frame.vertex(x))));
    const pb = b.map((q) => q.map((r) => r.map((x) => frame.vertex(x))));
    const plane = new Plane([...pa.flat(2), ...pb.flat(2)]);
    const ea = polygonEdges(pa);
    const eb = polygonEdges(pb, ea.length);
    const common = intersection(pa, pb);
    if (!common) return null;
    const polys = canonicalPolygons(common, [...ea, ...eb], plane);
    // where the boundaries meet outside the common area: shared edges and touching points
    const segs: Edge[] = [];
    const points: Pair[] = [];
    const gb = new EdgeGrid(eb, plane.eps * 2);
    for (const x of ea) {
      for (const y of gb.near(x.a, x.b)) {
        const r = plane.intersect(x.a, x.b, y.a, y.b);
        if (!r) continue;
        if ('seg' in r) {
          const [s0, s1] = r.seg;
          if (polys.length === 0 || !plane.contains(polys, [(s0[0] + s1[0]) / 2, (s0[1] + s1[1]) / 2])) segs.push({ a: s0, b: s1, id: x.id });
        } else points.push(r.point);
      }
    }
    const lines = chainSegments(segs, plane);
    return shapes(frame, loosePoints(plane, points, lines, polys), lines, polys);
  }),
});

// ───────────────────────────── unions ─────────────────────────────

/** The elements of a dynamic array, or null. */
function arrayArg(v: Scalar | undefined): unknown[] | null {
  return Array.isArray(v) ? v : null;
}

/** The union of polygons (in input order) as planar canonical polygons in a frame, or null. */
function unionOf(polys: PolygonRings[]): { frame: Frame; polys: Pair[][][] } | null {
  const frame = Frame.around(polysVecs(polys));
  if (!frame) return null;
  const pp = polys.map((q) => q.map((r) => r.map((x) => frame.vertex(x))));
  const plane = new Plane(pp.flat(2));
  const u = union(pp);
  return u ? { frame, polys: canonicalPolygons(u, polygonEdges(pp), plane) } : null;
}


const geoUnionPolygonsArray = defineScalar({
  name: 'geo_union_polygons_array',
  signatures: [{ params: [p('polygons', DYNAMIC)], returns: 'dynamic' }],
  doc: 'The union of a dynamic array of GeoJSON Polygons and MultiPolygons (geodesic edges) as a Polygon or MultiPolygon; null when the array or any polygon is invalid.',
  example: `print geo_union_polygons_array(pack_array(dynamic({"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,0]]]}), dynamic({"type":"Polygon","coordinates":[[[1,0.5],[3,0.5],[3,3],[1,0.5]]]})))`,
  implement: () => total((arr) => {
    const items = arrayArg(arr);
    if (!items || items.length === 0) return null;
    const polys: PolygonRings[] = [];
    for (const x of items) {
      const q = parsePolygons(x as Scalar);
      if (!q) return null;
      polys.push(...q);
    }
    const u = unionOf(polys);
    return u ? shapes(u.frame, [], [], u.polys) : null;
  }),
});

const geoUnionLinesArray = defineScalar({
  name: 'geo_union_lines_array',
  signatures: [{ params: [p('lineStrings', DYNAMIC)], returns: 'dynamic' }],
  doc: 'The union of a dynamic array of GeoJSON LineStrings and MultiLineStrings (geodesic edges; overlapping parts merged) as a LineString or MultiLineString; null when the array or any line is invalid.',
  example: `print geo_union_lines_array(pack_array(dynamic({"type":"LineString","coordinates":[[0,0],[1,1]]}), dynamic({"type":"LineString","coordinates":[[1,1],[2,1]]})))`,
  implement: () => total((arr) => {
    const items = arrayArg(arr);
    if (!items || items.length === 0) return null;
    const lines: Polyline[] = [];
    for (const x of items) {
      const l = parseLines(x as Scalar);
      if (!l) return null;
      lines.push(...l);
    }
    const frame = Frame.around(linesVecs(lines));
    if (!frame) return null;
    const pl = lines.map((l) => l.map((q) => frame.vertex(q)));
    const plane = new Plane(pl.flat());
    return shapes(frame, [], chainSegments(lineEdgesOf(pl), plane), []);
  }),
});

// ───────────────────────────── simplify ─────────────────────────────

/**
 * Simplification is S2Builder's snap rounding with simplify_edge_chains (what the pages describe: no
 * two vertices closer than the tolerance; high tolerance may make a shape disappear): vertices are
 * snapped to sites chosen greedily among them at least `tolerance` apart, then chains of edges are
 * replaced by one edge while every skipped vertex stays within `tolerance` of it. S2's maximum snap
 * radius is 70 degrees (S2Builder::SnapFunction::kMaxSnapRadius), the pages' "~7,800,000 meters".
 */
const MAX_SNAP_M = 70 * (Math.PI / 180) * EARTH_RADIUS_M;

function simplifyTolerance(v: Scalar | undefined): number | null {
  const t = v === undefined ? 10 : num(v);
  return t !== null && t >= 0 && t < MAX_SNAP_M ? t / EARTH_RADIUS_M : null;
}

/**
 * Snaps every vertex to a site: sites are picked in order, each farther than r from the earlier ones.
 * Sites are hashed in a grid of cells of side r over the unit vectors, so a lookup visits 27 cells.
 */
function snapper(all: Vertex[], r: number): (q: Vertex) => Vertex {
  const side = Math.max(r, 1e-12);
  const cells = new Map<string, Vertex[]>();
  const cellOf = (v: Vec) => [Math.floor(v[0] / side), Math.floor(v[1] / side), Math.floor(v[2] / side)];
  const nearby = (v: Vec): Vertex[] => {
    const [i, j, k] = cellOf(v);
    const out: Vertex[] = [];
    for (let a = -1; a <= 1; a++) for (let b = -1; b <= 1; b++) for (let c = -1; c <= 1; c++) out.push(...(cells.get(`${i! + a},${j! + b},${k! + c}`) ?? []));
    return out;
  };
  for (const q of all) {
    if (nearby(q.v).some((x) => angle(x.v, q.v) <= r)) continue;
    const key = cellOf(q.v).join(',');
    const list = cells.get(key);
    if (list) list.push(q);
    else cells.set(key, [q]);
  }
  return (q) => {
    let best = q;
    let d = Infinity;
    for (const x of nearby(q.v)) {
      const e = angle(x.v, q.v);
      if (e < d) {
        d = e;
        best = x;
      }
    }
    return best;
  };
}

/** At most this many vertices are replaced by one edge (keeps simplification O(n · window)). */
const SIMPLIFY_WINDOW = 256;

/** Greedy chain simplification: extends each edge while the skipped vertices stay within r. */
function simplifyChain(pts: Vertex[], r: number): Vertex[] {
  const out = [pts[0]!];
  let i = 0;
  while (i < pts.length - 1) {
    let j = i + 1;
    while (j + 1 < pts.length && j - i < SIMPLIFY_WINDOW) {
      const a = pts[i]!;
      const b = pts[j + 1]!;
      let ok = angle(a.v, b.v) > 0;
      for (let k = i + 1; ok && k <= j; k++) if (closestOnEdge(pts[k]!.v, a, b).d > r) ok = false;
      if (!ok) break;
      j++;
    }
    out.push(pts[j]!);
    i = j;
  }
  return out;
}

function dedupe(pts: Vertex[], cyclic: boolean): Vertex[] {
  const out: Vertex[] = [];
  for (const q of pts) if (out.length === 0 || out[out.length - 1] !== q) out.push(q);
  if (cyclic) while (out.length > 1 && out[0] === out[out.length - 1]) out.pop();
  return out;
}

function simplifyLine(l: Polyline, snap: (q: Vertex) => Vertex, r: number): Polyline | null {
  const s = dedupe(l.map(snap), false);
  if (s.length < 2) return null;
  return simplifyChain(s, r);
}

function simplifyRing(ring: Vertex[], snap: (q: Vertex) => Vertex, r: number): Vertex[] | null {
  const s = dedupe(ring.map(snap), true);
  if (s.length < 3) return null;
  const out = simplifyChain([...s, s[0]!], r).slice(0, -1);
  return out.length >= 3 ? out : null;
}

function simplifyPolygons(polys: PolygonRings[], r: number): PolygonRings[] {
  const snap = snapper(polys.flatMap((q) => q.flat()), r);
  const out: PolygonRings[] = [];
  for (const q of polys) {
    const shell = simplifyRing(q[0]!, snap, r);
    if (!shell) continue;
    const holes = q.slice(1).map((h) => simplifyRing(h, snap, r)).filter((h): h is Vertex[] => h !== null);
    out.push([shell, ...holes]);
  }
  return out;
}

const ringCoords = (r: Vertex[]) => closed(r.map((q) => [q.lon, q.lat] as [number, number]));

/** Simplified polygons as GeoJSON: several are united (the pages: "the result will be the area of polygons union"). */
function polygonsResult(polys: PolygonRings[]): Record<string, unknown> | null {
  if (polys.length === 0) return null;
  if (polys.length === 1) return { type: 'Polygon', coordinates: polys[0]!.map(ringCoords) };
  const u = unionOf(polys);
  return u ? shapes(u.frame, [], [], u.polys) : null;
}

const geoLineSimplify = defineScalar({
  name: 'geo_line_simplify',
  signatures: [{ params: [LINE(), p('tolerance', NUMBER, { optional: true })], returns: 'dynamic' }],
  doc: 'Simplifies a GeoJSON LineString or MultiLineString so that no two vertices are closer than tolerance meters (default 10, below ~7,800,000) and nearly straight chains become one edge; null for invalid input or when the line disappears.',
  example: `print geo_line_simplify(dynamic({"type":"LineString","coordinates":[[-73.97033169865608,40.789063020152824],[-73.9704617857933,40.78888837512432],[-73.97079303860664,40.788434498977836]]}), 10)`,
  implement: () => total((line, tolerance) => {
    const parsed = parseLines(line);
    const r = simplifyTolerance(tolerance);
    if (!parsed || r === null) return null;
    // "If input is a multiline and contains more than one line, the result will be simplification of lines union"
    const lines = parsed.length > 1 ? sphereLineUnion(parsed) : parsed;
    if (!lines) return null;
    const snap = snapper(lines.flat(), r);
    const out = lines.map((l) => simplifyLine(l, snap, r)).filter((l): l is Polyline => l !== null);
    if (out.length === 0) return null;
    const coords = out.map((l) => l.map((q) => [q.lon, q.lat]));
    return coords.length === 1 ? { type: 'LineString', coordinates: coords[0] } : { type: 'MultiLineString', coordinates: coords };
  }),
});

const geoPolygonSimplify = defineScalar({
  name: 'geo_polygon_simplify',
  signatures: [{ params: [POLYGON(), p('tolerance', NUMBER, { optional: true })], returns: 'dynamic' }],
  doc: 'Simplifies a GeoJSON Polygon or MultiPolygon so that no two vertices are closer than tolerance meters (default 10, below ~7,800,000) and nearly straight chains become one edge; null for invalid input or when the polygon disappears.',
  example: `print geo_polygon_simplify(dynamic({"type":"Polygon","coordinates":[[[-73.94885122776031,40.79673476355657],[-73.94885927438736,40.79692258628347],[-73.94906312227248,40.79710736271788],[-73.94923612475395,40.7968708081794],[-73.94885122776031,40.79673476355657]]]}))`,
  implement: () => total((polygon, tolerance) => {
    const polys = parsePolygons(polygon);
    const r = simplifyTolerance(tolerance);
    if (!polys || r === null) return null;
    return polygonsResult(simplifyPolygons(polys, r));
  }),
});

const geoSimplifyPolygonsArray = defineScalar({
  name: 'geo_simplify_polygons_array',
  signatures: [{ params: [p('polygons', DYNAMIC), p('tolerance', NUMBER, { optional: true })], returns: 'dynamic' }],
  doc: 'Simplifies a dynamic array of GeoJSON Polygons and MultiPolygons together (shared borders snap alike) so that no two vertices are closer than tolerance meters (default 10), and unites them; null when any polygon or the tolerance is invalid, or everything disappears.',
  example: `print geo_simplify_polygons_array(pack_array(dynamic({"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,0]]]}), dynamic({"type":"Polygon","coordinates":[[[2,0],[3,0],[2,2],[2,0]]]})), 1000)`,
  implement: () => total((arr, tolerance) => {
    const items = arrayArg(arr);
    const r = simplifyTolerance(tolerance);
    if (!items || items.length === 0 || r === null) return null;
    const polys: PolygonRings[] = [];
    for (const x of items) {
      const q = parsePolygons(x as Scalar);
      if (!q) return null;
      polys.push(...q);
    }
    return polygonsResult(simplifyPolygons(polys, r));
  }),
});

// ───────────────────────────── buffers ─────────────────────────────

/**
 * Buffer radius and tolerance in radians (the pages: radius positive; tolerance default 10 m, no lower
 * than 0.0001% of the radius, lowered below the radius when bigger). Radii of a quarter of the Earth's
 * circumference or more are not supported (null): the buffer would not fit in a hemisphere.
 */
function bufferArgs(radius: Scalar | undefined, tolerance: Scalar | undefined): { r: number; tol: number } | null {
  const rm = num(radius);
  const tm = tolerance === undefined ? 10 : num(tolerance);
  if (rm === null || tm === null || !(rm > 0) || rm >= (Math.PI / 2) * EARTH_RADIUS_M * 0.85) return null;
  if (tm < rm * 1e-6) return null;
  return { r: rm / EARTH_RADIUS_M, tol: Math.min(tm, rm * 0.99) / EARTH_RADIUS_M };
}

/** Vertices per full turn so that the circumscribed polygon stays within tol of the circle of radius r. */
function turnSteps(r: number, tol: number): number {
  // vertices at angular distance R with tan R = tan r / cos(π/n); R - r <= tol
  const c = Math.tan(r) / Math.tan(r + tol);
  const n = Math.ceil(Math.PI / Math.acos(Math.min(1, c)));
  return Math.min(Math.max(n, 4), 100000);
}

/** Distance of the circumscribed polygon's vertices (so the polygon contains the whole circle). */
const outerRadius = (r: number, n: number) => Math.atan(Math.tan(r) / Math.cos(Math.PI / n));

/** The point at angular distance d from centre c in the direction of unit tangent t. */
const offset = (c: Vec, t: Vec, d: number): Vec => normalize([
  c[0] * Math.cos(d) + t[0] * Math.sin(d), c[1] * Math.cos(d) + t[1] * Math.sin(d), c[2] * Math.cos(d) + t[2] * Math.sin(d),
]);

const vertexOf = (v: Vec): Vertex => {
  const [lon, lat] = toLonLat(v);
  return { lon, lat, v };
};

/** The buffer polygon around a point: n vertices, counterclockwise, starting due north. */
function circle(c: Vec, r: number, tol: number): Vertex[] {
  const n = turnSteps(r, tol);
  const R = outerRadius(r, n);
  const north: Vec = Math.abs(c[2]) > 1 - 1e-12 ? [1, 0, 0] : normalize(cross(cross(c, [0, 0, 1]), c));
  const east = cross(north, c);
  const out: Vertex[] = [];
  for (let k = 0; k < n; k++) {
    // counterclockwise seen from outside: north, then west
    const a = (2 * Math.PI * k) / n;
    const t: Vec = [
      north[0] * Math.cos(a) - east[0] * Math.sin(a), north[1] * Math.cos(a) - east[1] * Math.sin(a), north[2] * Math.cos(a) - east[2] * Math.sin(a),
    ];
    out.push(vertexOf(offset(c, t, R)));
  }
  return out;
}

/** The band of points within r of arc ab (without its end caps), as a ring. */
function band(a: Vec, b: Vec, r: number, tol: number): Vertex[] {
  const len = angle(a, b);
  const n = normalize(cross(a, b));
  // the band's sides are small circles of geodesic curvature tan r: chords of length L sag tan(r) L² / 8
  const steps = Math.max(1, Math.ceil(len / Math.sqrt((8 * tol) / Math.max(Math.tan(r), 1e-300))));
  const R = r + tol / 2;
  const left: Vertex[] = [];
  const right: Vertex[] = [];
  for (let k = 0; k <= steps; k++) {
    const c = pointAlong(a, b, (len * k) / steps);
    left.push(vertexOf(offset(c, n, R)));
    right.push(vertexOf(offset(c, [-n[0], -n[1], -n[2]], R)));
  }
  return [...right, ...left.reverse()];
}

/** Our limit on the vertices of a buffer's pieces (a tolerance of 0.0001% of the radius gives ~2200 per circle). */
const MAX_BUFFER_VERTICES = 2_000_000;

/** The union of buffer pieces (and polygons) as GeoJSON, or null when it does not fit one projection or is too big. */
function bufferUnion(pieces: PolygonRings[]): Record<string, unknown> | null {
  if (pieces.reduce((n, q) => n + q.reduce((m, r) => m + r.length, 0), 0) > MAX_BUFFER_VERTICES) return null;
  const u = unionOf(pieces);
  return u ? shapes(u.frame, [], [], u.polys) : null;
}

function lineBufferPieces(edges: [Vertex, Vertex][], points: Vertex[], r: number, tol: number): PolygonRings[] {
  const pieces: PolygonRings[] = [];
  for (const q of points) pieces.push([circle(q.v, r, tol)]);
  for (const [a, b] of edges) if (angle(a.v, b.v) > 0) pieces.push([band(a.v, b.v, r, tol)]);
  return pieces;
}

const geoPointBuffer = defineScalar({
  name: 'geo_point_buffer',
  signatures: [{ params: [p('longitude', NUMBER), p('latitude', NUMBER), p('radius', NUMBER), p('tolerance', NUMBER, { optional: true })], returns: 'dynamic' }],
  doc: 'A GeoJSON Polygon containing every point within radius meters of a point, deviating at most tolerance meters (default 10) from the circle; null for an invalid point, radius or tolerance.',
  example: `print geo_point_buffer(-115.1745008278, 36.1497251277, 20000)`,
  implement: () => total((lon, lat, radius, tolerance) => {
    const c = lonLat(lon, lat);
    const args = bufferArgs(radius, tolerance);
    if (!c || !args) return null;
    return { type: 'Polygon', coordinates: [ringCoords(circle(toVec(c[0], c[1]), args.r, args.tol))] };
  }),
});

const geoLineBuffer = defineScalar({
  name: 'geo_line_buffer',
  signatures: [{ params: [LINE(), p('radius', NUMBER), p('tolerance', NUMBER, { optional: true })], returns: 'dynamic' }],
  doc: 'A GeoJSON Polygon or MultiPolygon containing every point within radius meters of a LineString or MultiLineString (round end caps), deviating at most tolerance meters (default 10); null for invalid input.',
  example: `print geo_line_buffer(dynamic({"type":"LineString","coordinates":[[-80.66634997047466,24.894526340592122],[-80.67373241820246,24.890808090321286]]}), 4, 0.1)`,
  implement: () => total((line, radius, tolerance) => {
    const lines = parseLines(line);
    const args = bufferArgs(radius, tolerance);
    if (!lines || !args) return null;
    const edges = lines.flatMap((l) => l.slice(1).map((q, i) => [l[i]!, q] as [Vertex, Vertex]));
    return bufferUnion(lineBufferPieces(edges, lines.flat(), args.r, args.tol));
  }),
});

const geoPolygonBuffer = defineScalar({
  name: 'geo_polygon_buffer',
  signatures: [{ params: [POLYGON(), p('radius', NUMBER), p('tolerance', NUMBER, { optional: true })], returns: 'dynamic' }],
  doc: 'A GeoJSON Polygon or MultiPolygon containing every point within radius meters of a Polygon or MultiPolygon, deviating at most tolerance meters (default 10); null for invalid input.',
  example: `print geo_polygon_buffer(dynamic({"type":"Polygon","coordinates":[[[139.813757,35.719666],[139.72558,35.71813],[139.727471,35.653231],[139.818721,35.657264],[139.813757,35.719666]]]}), 10000)`,
  implement: () => total((polygon, radius, tolerance) => {
    const polys = parsePolygons(polygon);
    const args = bufferArgs(radius, tolerance);
    if (!polys || !args) return null;
    const edges = polys.flatMap((q) => q.flatMap((r) => r.map((x, i) => [x, r[(i + 1) % r.length]!] as [Vertex, Vertex])));
    return bufferUnion([...polys, ...lineBufferPieces(edges, polys.flat(2), args.r, args.tol)]);
  }),
});

export const geoOpsFunctions: ScalarFunctionDef[] = [
  geoIntersection2Lines, geoIntersectionLineWithPolygon, geoIntersection2Polygons, geoUnionPolygonsArray, geoUnionLinesArray,
  geoLineSimplify, geoPolygonSimplify, geoSimplifyPolygonsArray, geoPointBuffer, geoLineBuffer, geoPolygonBuffer,
];
