// Overlays of lines and polygons on the sphere, for the geo_intersection_*, geo_union_*, *_buffer and
// *_simplify functions (and the union that geo_polygon_area/perimeter take of a MultiPolygon).
//
// Kusto's edges are geodesics (great-circle arcs). The gnomonic projection (central projection of the
// sphere onto the plane tangent at a centre point) maps every great circle to a straight line, so an
// overlay of geodesic shapes is exactly a planar overlay of their projections, as long as everything
// lies well inside the hemisphere around the centre. Planar polygon booleans come from
// polygon-clipping (Martínez–Rueda sweep with robust predicates, pure JS); lines are overlaid here.
// Shapes too wide for one projection (a vertex more than ~78° from the centre of all vertices) are not
// supported: the callers return null for them.
//
// Output order follows S2 (Kusto's geometry library): S2Builder rotates each output loop to start at
// the edge that came from the smallest input edge id (S2Builder::Graph::CanonicalizeLoopOrder), which
// for GeoJSON input is the order of the edges in the input. We reproduce that rule; S2 keeps the input
// vertices lying along an output edge, so those are put back after polygon-clipping drops them.
import polygonClipping, { type MultiPolygon as PcMulti, type Pair, type Polygon as PcPolygon } from 'polygon-clipping';

export type Vec3 = [number, number, number];
export interface GeoVertex { lon: number; lat: number; v: Vec3 }
/** a polygon: shell then holes, each ring without its closing vertex */
export type GeoPolygon = GeoVertex[][];

const DEG = Math.PI / 180;
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const normalize = (a: Vec3): Vec3 => {
  const n = Math.sqrt(dot(a, a));
  return [a[0] / n, a[1] / n, a[2] / n];
};

/** cos of the largest angle from the projection centre a vertex may have (~78°). */
const MIN_COS = 0.2;

/** A gnomonic projection around the centre of a set of points; remembers the input vertices it projected. */
export class Frame {
  private readonly known = new Map<string, [number, number]>();
  private constructor(readonly c: Vec3, readonly e1: Vec3, readonly e2: Vec3) {}

  /** The frame centred on the (normalized) sum of the points, or null when they do not fit in it. */
  static around(points: Vec3[]): Frame | null {
    let s: Vec3 = [0, 0, 0];
    for (const v of points) s = [s[0] + v[0], s[1] + v[1], s[2] + v[2]];
    if (Math.sqrt(dot(s, s)) < 1e-12) return null;
    const c = normalize(s);
    for (const v of points) if (dot(v, c) < MIN_COS) return null;
    const e1 = normalize(Math.abs(c[2]) < 0.9 ? cross([0, 0, 1], c) : cross([1, 0, 0], c));
    const e2 = cross(c, e1);
    return new Frame(c, e1, e2);
  }

  project(v: Vec3): Pair {
    const d = dot(v, this.c);
    return [dot(v, this.e1) / d, dot(v, this.e2) / d];
  }

  /** Projects an input vertex; unprojecting its image gives back its exact coordinates. */
  vertex(q: GeoVertex): Pair {
    const p = this.project(q.v);
    const key = `${p[0]},${p[1]}`;
    if (!this.known.has(key)) this.known.set(key, [q.lon, q.lat]);
    return p;
  }

  lonLat(p: Pair): [number, number] {
    const k = this.known.get(`${p[0]},${p[1]}`);
    if (k) return k;
    const v = normalize([
      this.c[0] + p[0] * this.e1[0] + p[1] * this.e2[0],
      this.c[1] + p[0] * this.e1[1] + p[1] * this.e2[1],
      this.c[2] + p[0] * this.e1[2] + p[1] * this.e2[2],
    ]);
    return [Math.atan2(v[1], v[0]) / DEG, Math.atan2(v[2], Math.hypot(v[0], v[1])) / DEG];
  }
}

// ───────────────────────────── planar helpers ─────────────────────────────

const sub2 = (a: Pair, b: Pair): Pair => [a[0] - b[0], a[1] - b[1]];
const cross2 = (a: Pair, b: Pair) => a[0] * b[1] - a[1] * b[0];
const dot2 = (a: Pair, b: Pair) => a[0] * b[0] + a[1] * b[1];
const samePair = (a: Pair, b: Pair) => a[0] === b[0] && a[1] === b[1];
const keyOf = (p: Pair) => `${p[0]},${p[1]}`;

/** An input edge of the overlay with its S2-style input edge id. */
export interface Edge { a: Pair; b: Pair; id: number }

/** Planar overlay context: a length scale for the geometric tolerances. */
export class Plane {
  readonly eps: number;
  constructor(points: Pair[]) {
    let m = 0;
    for (const [x, y] of points) m = Math.max(m, Math.abs(x), Math.abs(y));
    let minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity;
    for (const [x, y] of points) {
      minx = Math.min(minx, x); maxx = Math.max(maxx, x); miny = Math.min(miny, y); maxy = Math.max(maxy, y);
    }
    const size = Math.max(maxx - minx, maxy - miny, 1e-12);
    this.eps = Math.max(size * 1e-10, m * 1e-14);
  }

  /** Distance from p to segment ab. */
  distToSegment(p: Pair, a: Pair, b: Pair): number {
    const ab = sub2(b, a);
    const l2 = dot2(ab, ab);
    let t = l2 === 0 ? 0 : dot2(sub2(p, a), ab) / l2;
    t = Math.max(0, Math.min(1, t));
    return Math.hypot(p[0] - (a[0] + t * ab[0]), p[1] - (a[1] + t * ab[1]));
  }

  onSegment(p: Pair, a: Pair, b: Pair): boolean {
    return this.distToSegment(p, a, b) <= this.eps;
  }

  /** Parameter of p along ab (0 at a, 1 at b). */
  param(p: Pair, a: Pair, b: Pair): number {
    const ab = sub2(b, a);
    return dot2(sub2(p, a), ab) / dot2(ab, ab);
  }

  /** The common part of segments ab and cd: nothing, a point, or a segment (ordered along ab). */
  intersect(a: Pair, b: Pair, c: Pair, d: Pair): { point: Pair } | { seg: [Pair, Pair] } | null {
    const r = sub2(b, a);
    const s = sub2(d, c);
    const den = cross2(r, s);
    const lr = Math.hypot(r[0], r[1]);
    const ls = Math.hypot(s[0], s[1]);
    if (Math.abs(den) <= 1e-12 * lr * ls) {
      // parallel: overlapping only when collinear
      if (!this.onLine(c, a, b) && !this.onLine(d, a, b)) return null;
      const ends: { t: number; p: Pair }[] = [];
      for (const p of [a, b]) if (this.onSegment(p, c, d)) ends.push({ t: this.param(p, a, b), p });
      for (const p of [c, d]) if (this.onSegment(p, a, b)) ends.push({ t: this.param(p, a, b), p });
      if (ends.length === 0) return null;
      ends.sort((x, y) => x.t - y.t);
      const lo = ends[0]!.p;
      const hi = ends[ends.length - 1]!.p;
      return Math.hypot(hi[0] - lo[0], hi[1] - lo[1]) <= this.eps ? { point: lo } : { seg: [lo, hi] };
    }
    // an endpoint touching the other segment: keep the exact vertex
    for (const p of [a, b]) if (this.onSegment(p, c, d)) return { point: p };
    for (const p of [c, d]) if (this.onSegment(p, a, b)) return { point: p };
    const t = cross2(sub2(c, a), s) / den;
    const u = cross2(sub2(c, a), r) / den;
    if (t < 0 || t > 1 || u < 0 || u > 1) return null;
    return { point: [a[0] + t * r[0], a[1] + t * r[1]] };
  }

  private onLine(p: Pair, a: Pair, b: Pair): boolean {
    const ab = sub2(b, a);
    const l = Math.hypot(ab[0], ab[1]);
    return l > 0 && Math.abs(cross2(ab, sub2(p, a))) / l <= this.eps;
  }

  /** Even-odd containment in planar polygons (ring lists); points on a boundary count as inside. */
  contains(polys: Pair[][][], p: Pair): boolean {
    for (const poly of polys) {
      let inside = false;
      for (const r of poly) {
        for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
          const a = r[j]!;
          const b = r[i]!;
          if (this.onSegment(p, a, b)) return true;
          if ((b[1] > p[1]) !== (a[1] > p[1]) && p[0] < ((a[0] - b[0]) * (p[1] - b[1])) / (a[1] - b[1]) + b[0]) inside = !inside;
        }
      }
      if (inside) return true;
    }
    return false;
  }
}

/** A uniform grid over edges' bounding boxes, so lookups near a segment do not scan every edge. */
export class EdgeGrid {
  private readonly cells = new Map<number, Edge[]>();
  private readonly wide: Edge[] = [];
  private readonly x0: number;
  private readonly y0: number;
  private readonly size: number;
  private readonly n: number;

  constructor(readonly edges: Edge[], private readonly pad: number) {
    let minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity;
    for (const e of edges) {
      for (const [x, y] of [e.a, e.b]) {
        minx = Math.min(minx, x); maxx = Math.max(maxx, x); miny = Math.min(miny, y); maxy = Math.max(maxy, y);
      }
    }
    this.n = Math.max(1, Math.min(1024, Math.ceil(Math.sqrt(edges.length))));
    this.x0 = minx;
    this.y0 = miny;
    this.size = Math.max(maxx - minx, maxy - miny, 1e-300) / this.n;
    for (const e of edges) {
      const [i0, j0, i1, j1] = this.range(Math.min(e.a[0], e.b[0]), Math.min(e.a[1], e.b[1]), Math.max(e.a[0], e.b[0]), Math.max(e.a[1], e.b[1]));
      if ((i1 - i0 + 1) * (j1 - j0 + 1) > 64) {
        this.wide.push(e);
        continue;
      }
      for (let i = i0; i <= i1; i++) {
        for (let j = j0; j <= j1; j++) {
          const k = i * 1031 + j;
          const list = this.cells.get(k);
          if (list) list.push(e);
          else this.cells.set(k, [e]);
        }
      }
    }
  }

  private range(minx: number, miny: number, maxx: number, maxy: number): [number, number, number, number] {
    const c = (v: number, o: number) => Math.max(0, Math.min(this.n - 1, Math.floor((v - o) / this.size)));
    return [c(minx - this.pad, this.x0), c(miny - this.pad, this.y0), c(maxx + this.pad, this.x0), c(maxy + this.pad, this.y0)];
  }

  /** The edges whose boxes may come within `pad` of segment pq's box (each once). */
  near(p: Pair, q: Pair): Edge[] {
    const [i0, j0, i1, j1] = this.range(Math.min(p[0], q[0]), Math.min(p[1], q[1]), Math.max(p[0], q[0]), Math.max(p[1], q[1]));
    if ((i1 - i0 + 1) * (j1 - j0 + 1) > this.n * this.n / 4) return this.edges;
    const out = new Set<Edge>(this.wide);
    for (let i = i0; i <= i1; i++) for (let j = j0; j <= j1; j++) for (const e of this.cells.get(i * 1031 + j) ?? []) out.add(e);
    return [...out];
  }
}

// ───────────────────────────── polygons ─────────────────────────────

/** Rings as closed-or-open planar vertex lists, without the closing vertex. */
const openRing = (r: Pair[]): Pair[] => (r.length > 1 && samePair(r[0]!, r[r.length - 1]!) ? r.slice(0, -1) : r);

/**
 * Puts back the input vertices that lie on an output edge (S2 keeps them; polygon-clipping merges
 * collinear edges), and rotates the ring as S2Builder::Graph::CanonicalizeLoopOrder does.
 */
function canonicalRing(ring: Pair[], grid: EdgeGrid, plane: Plane): { ring: Pair[]; minId: number } {
  const r = openRing(ring);
  const full: Pair[] = [];
  const ids: number[] = [];
  for (let i = 0; i < r.length; i++) {
    const p = r[i]!;
    const q = r[(i + 1) % r.length]!;
    // input vertices strictly inside pq, in order along it
    const extra: { t: number; p: Pair }[] = [];
    const near = grid.near(p, q);
    for (const e of near) {
      for (const x of [e.a, e.b]) {
        if (samePair(x, p) || samePair(x, q)) continue;
        if (plane.onSegment(x, p, q)) {
          const t = plane.param(x, p, q);
          if (t > 0 && t < 1 && !extra.some((y) => samePair(y.p, x))) extra.push({ t, p: x });
        }
      }
    }
    extra.sort((x, y) => x.t - y.t);
    const chain = [p, ...extra.map((x) => x.p), q];
    for (let k = 0; k + 1 < chain.length; k++) {
      full.push(chain[k]!);
      ids.push(edgeId(chain[k]!, chain[k + 1]!, near, plane));
    }
  }
  // CanonicalizeLoopOrder: the first edge of the smallest input id; among the pieces of that edge,
  // the one starting a run (after a gap in the ids)
  let pos = 0;
  let sawGap = false;
  for (let i = 1; i < ids.length; i++) {
    const cmp = ids[i]! - ids[pos]!;
    if (cmp < 0 || (cmp === 0 && sawGap)) {
      pos = i;
      sawGap = false;
    } else if (ids[i - 1]! + 1 !== ids[i]!) {
      sawGap = true;
    }
  }
  return { ring: [...full.slice(pos), ...full.slice(0, pos)], minId: ids[pos] ?? Infinity };
}

/** The smallest id of an input edge containing segment pq. */
function edgeId(p: Pair, q: Pair, edges: Edge[], plane: Plane): number {
  let best = Infinity;
  for (const e of edges) if (e.id < best && plane.onSegment(p, e.a, e.b) && plane.onSegment(q, e.a, e.b)) best = e.id;
  return best;
}

/** The edges of planar polygons, numbered from `start` in input order. */
export function polygonEdges(polys: Pair[][][], start = 0): Edge[] {
  const out: Edge[] = [];
  let id = start;
  for (const poly of polys) for (const r of poly) for (let i = 0; i < r.length; i++) out.push({ a: r[i]!, b: r[(i + 1) % r.length]!, id: id++ });
  return out;
}

/** Output polygons in S2's canonical order: rings rotated, holes and polygons by their first edge's id. */
export function canonicalPolygons(result: PcMulti, edges: Edge[], plane: Plane): Pair[][][] {
  const grid = new EdgeGrid(edges, plane.eps * 2);
  const polys = result.map((poly) => {
    const rings = poly.map((r) => canonicalRing(r, grid, plane));
    const [shell, ...holes] = rings;
    holes.sort((x, y) => x.minId - y.minId);
    return { rings: [shell!, ...holes].map((x) => x.ring), minId: shell!.minId };
  });
  polys.sort((x, y) => x.minId - y.minId);
  return polys.map((x) => x.rings);
}

/**
 * The union of polygons, united in halves (many overlapping pieces, such as a buffer's, make one sweep
 * slow and can exceed polygon-clipping's sweep-line limit). Null when polygon-clipping gives up.
 */
export function union(polys: Pair[][][]): PcMulti | null {
  try {
    return unionTree(polys as PcPolygon[]);
  } catch {
    return null;
  }
}

function unionTree(polys: PcPolygon[]): PcMulti {
  if (polys.length === 0) return [];
  if (polys.length <= 8) {
    const [first, ...rest] = polys;
    return polygonClipping.union(first!, ...rest);
  }
  const mid = polys.length >> 1;
  return polygonClipping.union(unionTree(polys.slice(0, mid)), unionTree(polys.slice(mid)));
}

/** The intersection of two sets of polygons, or null when polygon-clipping gives up. */
export function intersection(a: Pair[][][], b: Pair[][][]): PcMulti | null {
  try {
    return polygonClipping.intersection(a as PcMulti, b as PcMulti);
  } catch {
    return null;
  }
}

// ───────────────────────────── lines ─────────────────────────────

/**
 * The union of segments as polylines: overlapping pieces are merged, and pieces are chained through
 * vertices where exactly two pieces meet. Chains are listed by their smallest input id.
 */
export function chainSegments(segs: Edge[], plane: Plane): Pair[][] {
  // split each segment at the endpoints of the others lying on it
  const pieces: Edge[] = [];
  const grid = new EdgeGrid(segs, plane.eps * 2);
  for (const s of segs) {
    const cuts = [{ t: 0, p: s.a }, { t: 1, p: s.b }];
    for (const o of grid.near(s.a, s.b)) {
      for (const x of [o.a, o.b]) {
        if (samePair(x, s.a) || samePair(x, s.b) || !plane.onSegment(x, s.a, s.b)) continue;
        const t = plane.param(x, s.a, s.b);
        if (t > 0 && t < 1 && !cuts.some((c) => samePair(c.p, x))) cuts.push({ t, p: x });
      }
    }
    cuts.sort((x, y) => x.t - y.t);
    for (let i = 0; i + 1 < cuts.length; i++) pieces.push({ a: cuts[i]!.p, b: cuts[i + 1]!.p, id: s.id });
  }
  // drop repeats (either direction), keeping the first
  const seen = new Set<string>();
  const unique: Edge[] = [];
  for (const e of pieces) {
    const k1 = `${keyOf(e.a)}|${keyOf(e.b)}`;
    const k2 = `${keyOf(e.b)}|${keyOf(e.a)}`;
    if (seen.has(k1) || seen.has(k2) || samePair(e.a, e.b)) continue;
    seen.add(k1);
    unique.push(e);
  }
  unique.sort((x, y) => x.id - y.id);
  const incident = new Map<string, Edge[]>();
  for (const e of unique) {
    for (const q of [e.a, e.b]) {
      const k = keyOf(q);
      const list = incident.get(k);
      if (list) list.push(e);
      else incident.set(k, [e]);
    }
  }
  const used = new Set<Edge>();
  const chains: Pair[][] = [];
  // the other piece at a vertex where exactly two meet
  const next = (at: Pair): { e: Edge; to: Pair } | null => {
    const list = incident.get(keyOf(at))!;
    if (list.length !== 2) return null;
    const e = list.find((x) => !used.has(x));
    if (!e) return null;
    return { e, to: samePair(e.a, at) ? e.b : e.a };
  };
  for (const e of unique) {
    if (used.has(e)) continue;
    used.add(e);
    const forward: Pair[] = [e.a, e.b];
    for (let n = next(e.b); n; n = next(forward[forward.length - 1]!)) {
      used.add(n.e);
      forward.push(n.to);
    }
    const backward: Pair[] = [];
    for (let n = next(e.a); n; n = next(backward.length ? backward[backward.length - 1]! : e.a)) {
      used.add(n.e);
      backward.push(n.to);
    }
    chains.push([...backward.reverse(), ...forward]);
  }
  return chains;
}

/**
 * The union of polygons on the sphere, as polygons (rings without the closing vertex), or null when
 * they do not fit one projection.
 */
export function sphereUnion(polys: GeoPolygon[]): GeoPolygon[] | null {
  const frame = Frame.around(polys.flatMap((q) => q.flatMap((r) => r.map((x) => x.v))));
  if (!frame) return null;
  const pp = polys.map((q) => q.map((r) => r.map((x) => frame.vertex(x))));
  const u = union(pp);
  if (!u) return null;
  return u.map((q) => q.map((r) => openRing(r).map((pt) => {
    const [lon, lat] = frame.lonLat(pt);
    const l = lon * DEG;
    const f = lat * DEG;
    return { lon, lat, v: [Math.cos(f) * Math.cos(l), Math.cos(f) * Math.sin(l), Math.sin(f)] as Vec3 };
  })));
}

/**
 * The union of polylines on the sphere (overlapping parts once), as polylines, or null when they do
 * not fit one projection.
 */
export function sphereLineUnion(lines: GeoVertex[][]): GeoVertex[][] | null {
  const frame = Frame.around(lines.flatMap((l) => l.map((x) => x.v)));
  if (!frame) return null;
  const edges: Edge[] = [];
  let id = 0;
  for (const l of lines) {
    const pl = l.map((x) => frame.vertex(x));
    for (let i = 0; i + 1 < pl.length; i++) edges.push({ a: pl[i]!, b: pl[i + 1]!, id: id++ });
  }
  const plane = new Plane(edges.flatMap((e) => [e.a, e.b]));
  return chainSegments(edges, plane).map((chain) => chain.map((pt) => {
    const [lon, lat] = frame.lonLat(pt);
    const l = lon * DEG;
    const f = lat * DEG;
    return { lon, lat, v: [Math.cos(f) * Math.cos(l), Math.cos(f) * Math.sin(l), Math.sin(f)] as Vec3 };
  }));
}
