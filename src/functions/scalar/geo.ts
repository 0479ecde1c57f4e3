// Geospatial functions (geo-*-function.md): points, geohash, S2 and H3 cells, lines and polygons.
//
// The model is Kusto's (the notes of every geo page): coordinates are WGS-84 longitude/latitude in
// degrees, the geodetic datum is a sphere, and line and polygon edges are geodesics (great-circle arcs)
// on it. The sphere is S2's Earth (S2Earth::RadiusMeters = 6371010 m): with it the docs' distance
// example (Seattle–Los Angeles, geo-distance-2points-function.md: 1546754.35197381) is reproduced to
// 15 digits, with the mean radius 6371008.8 m it is 0.3 m off. geo_distance_2points(..., use_spheroid =
// true) measures on the WGS-84 ellipsoid (geographiclib-geodesic, Karney's algorithm).
//
// Invalid input is never an error: an invalid coordinate (longitude outside [-180, 180], latitude
// outside [-90, 90], null, NaN), cell token or GeoJSON shape gives null (bool, real, dynamic results)
// or '' (string results), as every page's "Returns" says.
//
// Cells: geohash is computed here; S2 cells come from nodes2ts (a TypeScript port of Google's S2
// library: cell ids, tokens, neighbors, vertices) and H3 cells from h3-js (Uber's own library compiled
// to plain JS) — both pure JS, so the engine still runs in a browser.
import type { Scalar } from '../../types.js';
import { defineScalar, DYNAMIC, NUMBER, p, STRING, type Implementation, type RowFn, type ScalarFunctionDef, type TypeSet } from '../define.js';
import { S2Cell, S2CellId, S2LatLng, S2Point } from 'nodes2ts';
import * as h3 from 'h3-js';
import geodesic from 'geographiclib-geodesic';
import { sphereLineUnion, sphereUnion } from './geo-clip.js';

/** S2Earth::RadiusMeters: the sphere Kusto measures on (see the file comment). */
export const EARTH_RADIUS_M = 6371010;
const DEG = Math.PI / 180;
const NUMBER_OR_BOOL: TypeSet = [...NUMBER, 'bool'];

/** Row functions here handle nulls themselves (string results are '' rather than null). */
const total = (fn: RowFn): Implementation => ({ kind: 'row', fn, nullPropagating: false });

// ───────────────────────────── coordinates and vectors ─────────────────────────────

type Vec = [number, number, number];

function num(v: Scalar | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

/** An integer argument (level, resolution, accuracy): null when missing, null or not a whole number. */
function intArg(v: Scalar | undefined): number | null {
  const n = num(v);
  return n !== null && Number.isInteger(n) ? n : null;
}

const validLon = (x: number | null): x is number => x !== null && x >= -180 && x <= 180;
const validLat = (y: number | null): y is number => y !== null && y >= -90 && y <= 90;

/** (longitude, latitude) when both are valid coordinates. */
function lonLat(lon: Scalar | undefined, lat: Scalar | undefined): [number, number] | null {
  const x = num(lon);
  const y = num(lat);
  return validLon(x) && validLat(y) ? [x, y] : null;
}

function toVec(lon: number, lat: number): Vec {
  const l = lon * DEG;
  const f = lat * DEG;
  const c = Math.cos(f);
  return [c * Math.cos(l), c * Math.sin(l), Math.sin(f)];
}

function toLonLat(v: Vec): [number, number] {
  return [Math.atan2(v[1], v[0]) / DEG, Math.atan2(v[2], Math.hypot(v[0], v[1])) / DEG];
}

const dot = (a: Vec, b: Vec) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec, b: Vec): Vec => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const norm = (a: Vec) => Math.sqrt(dot(a, a));
const add = (a: Vec, b: Vec): Vec => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const sub = (a: Vec, b: Vec): Vec => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const scale = (a: Vec, s: number): Vec => [a[0] * s, a[1] * s, a[2] * s];
const sameVec = (a: Vec, b: Vec) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];

/** The angle between two unit vectors (radians, [0, π]), accurate for tiny and near-antipodal angles. */
const angle = (a: Vec, b: Vec) => Math.atan2(norm(cross(a, b)), dot(a, b));

/** Initial bearing of the geodesic from a to b, clockwise from north, in [0, 2π). */
function azimuth(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const f1 = lat1 * DEG;
  const f2 = lat2 * DEG;
  const dl = (lon2 - lon1) * DEG;
  const t = Math.atan2(Math.sin(dl) * Math.cos(f2), Math.cos(f1) * Math.sin(f2) - Math.sin(f1) * Math.cos(f2) * Math.cos(dl));
  return t < 0 ? t + 2 * Math.PI : t;
}

/** Whether two points are equal or antipodal (no defined direction between them). */
function degenerate(a: Vec, b: Vec): boolean {
  const c = norm(cross(a, b));
  return c < 1e-15;
}

const point = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });

// ───────────────────────────── points ─────────────────────────────

const geoDistance2Points = defineScalar({
  name: 'geo_distance_2points',
  signatures: [{ params: [p('p1_longitude', NUMBER), p('p1_latitude', NUMBER), p('p2_longitude', NUMBER), p('p2_latitude', NUMBER), p('use_spheroid', NUMBER_OR_BOOL, { optional: true })], returns: 'real' }],
  doc: 'The shortest distance in meters between two coordinates on Earth (a sphere; on the WGS-84 spheroid when use_spheroid is true); null for invalid coordinates.',
  example: `print distance_in_meters = geo_distance_2points(-122.407628, 47.578557, -118.275287, 34.019056)`,
  implement: () => total((lon1, lat1, lon2, lat2, spheroid) => {
    const a = lonLat(lon1, lat1);
    const b = lonLat(lon2, lat2);
    if (!a || !b) return null;
    if (spheroid !== undefined && spheroid !== null && num(spheroid)) {
      return geodesic.Geodesic.WGS84.Inverse(a[1], a[0], b[1], b[0], geodesic.Geodesic.DISTANCE).s12 ?? null;
    }
    return angle(toVec(a[0], a[1]), toVec(b[0], b[1])) * EARTH_RADIUS_M;
  }),
});

const geoPointInCircle = defineScalar({
  name: 'geo_point_in_circle',
  signatures: [{ params: [p('p_longitude', NUMBER), p('p_latitude', NUMBER), p('pc_longitude', NUMBER), p('pc_latitude', NUMBER), p('c_radius', NUMBER)], returns: 'bool' }],
  doc: 'Whether a point is inside the circle (center and radius in meters) on Earth; null for invalid coordinates or a radius that is not positive.',
  example: `print in_circle = geo_point_in_circle(-122.143564, 47.535677, -122.100896, 47.527351, 3500)`,
  implement: () => total((plon, plat, clon, clat, radius) => {
    const a = lonLat(plon, plat);
    const c = lonLat(clon, clat);
    const r = num(radius);
    if (!a || !c || r === null || r <= 0) return null;
    return angle(toVec(a[0], a[1]), toVec(c[0], c[1])) * EARTH_RADIUS_M <= r;
  }),
});

const geoAzimuth = defineScalar({
  name: 'geo_azimuth',
  signatures: [{ params: [p('p1_longitude', NUMBER), p('p1_latitude', NUMBER), p('p2_longitude', NUMBER), p('p2_latitude', NUMBER)], returns: 'real' }],
  doc: 'The clockwise angle in radians [0, 2π) from true north to the line from point1 to point2; null for invalid, equal or antipodal points.',
  example: `print azimuth_in_radians = geo_azimuth(5, 10, 10, -40)`,
  implement: () => total((lon1, lat1, lon2, lat2) => {
    const a = lonLat(lon1, lat1);
    const b = lonLat(lon2, lat2);
    if (!a || !b || degenerate(toVec(a[0], a[1]), toVec(b[0], b[1]))) return null;
    return azimuth(a[0], a[1], b[0], b[1]);
  }),
});

const geoAngle = defineScalar({
  name: 'geo_angle',
  signatures: [{ params: [p('p1_longitude', NUMBER), p('p1_latitude', NUMBER), p('p2_longitude', NUMBER), p('p2_latitude', NUMBER), p('p3_longitude', NUMBER), p('p3_latitude', NUMBER)], returns: 'real' }],
  doc: 'The clockwise angle in radians [0, 2π) at point2 from the line [point1, point2] to the line [point2, point3]; null for invalid, equal or antipodal neighbours.',
  example: `print angle_in_radians = geo_angle(0, 10, 0, 5, 3, -10)`,
  implement: () => total((lon1, lat1, lon2, lat2, lon3, lat3) => {
    const a = lonLat(lon1, lat1);
    const b = lonLat(lon2, lat2);
    const c = lonLat(lon3, lat3);
    if (!a || !b || !c) return null;
    const va = toVec(a[0], a[1]);
    const vb = toVec(b[0], b[1]);
    const vc = toVec(c[0], c[1]);
    if (degenerate(va, vb) || degenerate(vb, vc)) return null;
    // measured at point2: the bearing towards point3 minus the bearing back towards point1
    let t = azimuth(b[0], b[1], c[0], c[1]) - azimuth(b[0], b[1], a[0], a[1]);
    if (t < 0) t += 2 * Math.PI;
    return t >= 2 * Math.PI ? 0 : t;
  }),
});

// ───────────────────────────── geohash ─────────────────────────────

const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

function geohashEncode(lon: number, lat: number, length: number): string {
  let lonLo = -180, lonHi = 180, latLo = -90, latHi = 90;
  let out = '';
  let even = true;
  let bits = 0;
  let ch = 0;
  while (out.length < length) {
    if (even) {
      const mid = (lonLo + lonHi) / 2;
      if (lon >= mid) { ch = ch * 2 + 1; lonLo = mid; } else { ch *= 2; lonHi = mid; }
    } else {
      const mid = (latLo + latHi) / 2;
      if (lat >= mid) { ch = ch * 2 + 1; latLo = mid; } else { ch *= 2; latHi = mid; }
    }
    even = !even;
    if (++bits === 5) {
      out += BASE32[ch];
      bits = 0;
      ch = 0;
    }
  }
  return out;
}

/** The cell of a geohash as [west, south, east, north], or null when it is not one (1–18 base-32 characters). */
function geohashBox(hash: string): [number, number, number, number] | null {
  if (hash.length < 1 || hash.length > 18) return null;
  let lonLo = -180, lonHi = 180, latLo = -90, latHi = 90;
  let even = true;
  for (const c of hash) {
    const v = BASE32.indexOf(c);
    if (v < 0) return null;
    for (let b = 4; b >= 0; b--) {
      const bit = (v >> b) & 1;
      if (even) {
        const mid = (lonLo + lonHi) / 2;
        if (bit) lonLo = mid; else lonHi = mid;
      } else {
        const mid = (latLo + latHi) / 2;
        if (bit) latLo = mid; else latHi = mid;
      }
      even = !even;
    }
  }
  return [lonLo, latLo, lonHi, latHi];
}

const boxPolygon = ([w, s, e, n]: [number, number, number, number]) => ({
  type: 'Polygon',
  coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]],
});

/**
 * The eight (fewer at the poles) neighbours of a geohash, in the order of the docs' example
 * (geo-geohash-neighbors-function.md, 'sunny': SW, NW, SE, N, W, NE, E, S). Kusto does not document the
 * order; it looks like a hash set's, so other cells may come out in another order there.
 */
const GEOHASH_NEIGHBOR_ORDER: [number, number][] = [[-1, -1], [-1, 1], [1, -1], [0, 1], [-1, 0], [1, 1], [1, 0], [0, -1]];

function geohashNeighbors(hash: string): string[] | null {
  const box = geohashBox(hash);
  if (!box) return null;
  const [w, s, e, n] = box;
  const cx = (w + e) / 2;
  const cy = (s + n) / 2;
  const out: string[] = [];
  for (const [dx, dy] of GEOHASH_NEIGHBOR_ORDER) {
    const y = cy + dy * (n - s);
    if (y > 90 || y < -90) continue;
    let x = cx + dx * (e - w);
    if (x > 180) x -= 360;
    if (x < -180) x += 360;
    const h = geohashEncode(x, y, hash.length);
    if (h !== hash && !out.includes(h)) out.push(h);
  }
  return out;
}

const geoPointToGeohash = defineScalar({
  name: 'geo_point_to_geohash',
  signatures: [{ params: [p('longitude', NUMBER), p('latitude', NUMBER), p('accuracy', NUMBER, { optional: true })], returns: 'string' }],
  doc: 'The geohash of a location with the given accuracy (length 1–18, default 5); empty for invalid coordinates or accuracy.',
  example: `print geohash = geo_point_to_geohash(-80.195829, 25.802215, 8)`,
  implement: () => total((lon, lat, accuracy) => {
    const a = lonLat(lon, lat);
    const k = accuracy === undefined ? 5 : intArg(accuracy);
    if (!a || k === null || k < 1 || k > 18) return '';
    return geohashEncode(a[0], a[1], k);
  }),
});

const geoGeohashToCentralPoint = defineScalar({
  name: 'geo_geohash_to_central_point',
  signatures: [{ params: [p('geohash', STRING)], returns: 'dynamic' }],
  doc: 'The center of a geohash cell as a GeoJSON point; null for an invalid geohash.',
  example: `print point = geo_geohash_to_central_point("sunny")`,
  implement: () => total((hash) => {
    const box = geohashBox(String(hash ?? ''));
    return box ? point((box[0] + box[2]) / 2, (box[1] + box[3]) / 2) : null;
  }),
});

const geoGeohashToPolygon = defineScalar({
  name: 'geo_geohash_to_polygon',
  signatures: [{ params: [p('geohash', STRING)], returns: 'dynamic' }],
  doc: 'The rectangle of a geohash cell as a GeoJSON polygon; null for an invalid geohash.',
  example: `print GeohashPolygon = geo_geohash_to_polygon("dr5ru")`,
  implement: () => total((hash) => {
    const box = geohashBox(String(hash ?? ''));
    return box ? boxPolygon(box) : null;
  }),
});

const geoGeohashNeighbors = defineScalar({
  name: 'geo_geohash_neighbors',
  signatures: [{ params: [p('geohash', STRING)], returns: 'dynamic' }],
  doc: 'The neighbouring geohash cells (an array of geohash strings); null for an invalid geohash.',
  example: `print neighbors = geo_geohash_neighbors('sunny')`,
  implement: () => total((hash) => geohashNeighbors(String(hash ?? ''))),
});

// ───────────────────────────── S2 cells ─────────────────────────────

/** An S2 cell from its token (1–16 hex digits, trailing zeros dropped), or null when it is not a valid cell. */
function s2FromToken(token: string): S2CellId | null {
  if (!/^[0-9a-fA-F]{1,16}$/.test(token)) return null;
  const id = S2CellId.fromToken(token.toLowerCase());
  return id.isValid() ? id : null;
}

const s2LonLat = (ll: S2LatLng): [number, number] => [ll.lngDegrees, ll.latDegrees];

/**
 * S2CellId::AppendAllNeighbors lists the same-level neighbours as (di, dj) = (-1,-1), (1,-1), (0,-1),
 * (0,1), (-1,0), (1,0), (-1,1), (1,1); the docs' example (geo-s2cell-neighbors-function.md, '89c259')
 * shows them in this permutation of that order. Kusto does not document the order.
 */
const S2_NEIGHBOR_ORDER = [7, 0, 1, 2, 3, 5, 4, 6];

const geoPointToS2cell = defineScalar({
  name: 'geo_point_to_s2cell',
  signatures: [{ params: [p('longitude', NUMBER), p('latitude', NUMBER), p('level', NUMBER, { optional: true })], returns: 'string' }],
  doc: 'The S2 cell token of a location at the given level (0–30, default 11); empty for invalid coordinates or level.',
  example: `print s2cell = geo_point_to_s2cell(-80.195829, 25.802215, 8)`,
  implement: () => total((lon, lat, level) => {
    const a = lonLat(lon, lat);
    const k = level === undefined ? 11 : intArg(level);
    if (!a || k === null || k < 0 || k > 30) return '';
    return S2CellId.fromPoint(S2LatLng.fromDegrees(a[1], a[0]).toPoint()).parentL(k).toToken();
  }),
});

const geoS2cellToCentralPoint = defineScalar({
  name: 'geo_s2cell_to_central_point',
  signatures: [{ params: [p('s2cell', STRING)], returns: 'dynamic' }],
  doc: 'The center of an S2 cell as a GeoJSON point; null for an invalid token.',
  example: `print point = geo_s2cell_to_central_point("1234567")`,
  implement: () => total((token) => {
    const id = s2FromToken(String(token ?? ''));
    return id ? point(...s2LonLat(S2LatLng.fromPoint(id.toPoint()))) : null;
  }),
});

const geoS2cellToPolygon = defineScalar({
  name: 'geo_s2cell_to_polygon',
  signatures: [{ params: [p('s2cell', STRING)], returns: 'dynamic' }],
  doc: 'The S2 cell as a GeoJSON polygon (its four vertices, closed); null for an invalid token.',
  example: `print s2cellPolygon = geo_s2cell_to_polygon("89c259")`,
  implement: () => total((token) => {
    const id = s2FromToken(String(token ?? ''));
    if (!id) return null;
    const cell = new S2Cell(id);
    const ring = [0, 1, 2, 3, 0].map((k) => s2LonLat(S2LatLng.fromPoint(cell.getVertex(k))));
    return { type: 'Polygon', coordinates: [ring] };
  }),
});

const geoS2cellNeighbors = defineScalar({
  name: 'geo_s2cell_neighbors',
  signatures: [{ params: [p('s2cell', STRING)], returns: 'dynamic' }],
  doc: 'The S2 cells around an S2 cell at its level (an array of tokens); null for an invalid token.',
  example: `print neighbors = geo_s2cell_neighbors('89c259')`,
  implement: () => total((token) => {
    const id = s2FromToken(String(token ?? ''));
    if (!id) return null;
    const all = id.getAllNeighbors(id.level()).map((c) => c.toToken());
    const ordered = all.length === 8 ? S2_NEIGHBOR_ORDER.map((k) => all[k]!) : all;
    return [...new Set(ordered)].filter((t) => t !== id.toToken());
  }),
});

// ───────────────────────────── H3 cells ─────────────────────────────

/** The H3 cell of a token, or null when it is not a valid cell index. */
function h3Cell(token: Scalar | undefined): string | null {
  const s = typeof token === 'string' ? token.toLowerCase() : '';
  return /^[0-9a-f]{15,16}$/.test(s) && h3.isValidCell(s) ? s : null;
}

const geoPointToH3cell = defineScalar({
  name: 'geo_point_to_h3cell',
  signatures: [{ params: [p('longitude', NUMBER), p('latitude', NUMBER), p('resolution', NUMBER, { optional: true })], returns: 'string' }],
  doc: 'The H3 cell token of a location at the given resolution (0–15, default 6); empty for invalid coordinates or resolution.',
  example: `print h3cell = geo_point_to_h3cell(-74.04450446039874, 40.689250859314974, 6)`,
  implement: () => total((lon, lat, resolution) => {
    const a = lonLat(lon, lat);
    const k = resolution === undefined ? 6 : intArg(resolution);
    if (!a || k === null || k < 0 || k > 15) return '';
    return h3.latLngToCell(a[1], a[0], k);
  }),
});

const geoH3cellToCentralPoint = defineScalar({
  name: 'geo_h3cell_to_central_point',
  signatures: [{ params: [p('h3cell', STRING)], returns: 'dynamic' }],
  doc: 'The center of an H3 cell as a GeoJSON point; null for an invalid token.',
  example: `print h3cell = geo_h3cell_to_central_point("862a1072fffffff")`,
  implement: () => total((token) => {
    const c = h3Cell(token);
    if (!c) return null;
    const [lat, lon] = h3.cellToLatLng(c);
    return point(lon, lat);
  }),
});

const geoH3cellToPolygon = defineScalar({
  name: 'geo_h3cell_to_polygon',
  signatures: [{ params: [p('h3cell', STRING)], returns: 'dynamic' }],
  doc: 'The H3 cell as a GeoJSON polygon; null for an invalid token.',
  example: `print geo_h3cell_to_polygon("862a1072fffffff")`,
  implement: () => total((token) => {
    const c = h3Cell(token);
    return c ? { type: 'Polygon', coordinates: [h3.cellToBoundary(c, true)] } : null;
  }),
});

const geoH3cellNeighbors = defineScalar({
  name: 'geo_h3cell_neighbors',
  signatures: [{ params: [p('h3cell', STRING)], returns: 'dynamic' }],
  doc: 'The H3 cells next to an H3 cell (an array of tokens); null for an invalid token.',
  example: `print neighbors = geo_h3cell_neighbors('862a1072fffffff')`,
  implement: () => total((token) => {
    const c = h3Cell(token);
    return c ? h3.gridDisk(c, 1).filter((x) => x !== c) : null;
  }),
});

const geoH3cellChildren = defineScalar({
  name: 'geo_h3cell_children',
  signatures: [{ params: [p('h3cell', STRING), p('resolution', NUMBER, { optional: true })], returns: 'dynamic' }],
  doc: 'The children of an H3 cell at a finer resolution (default: the next one, at most 5 levels down); null for an invalid cell or resolution.',
  example: `print children = geo_h3cell_children('862a1072fffffff')`,
  implement: () => total((token, resolution) => {
    const c = h3Cell(token);
    if (!c) return null;
    const level = h3.getResolution(c);
    const k = resolution === undefined ? level + 1 : intArg(resolution);
    if (k === null || k < 1 || k > 15 || k < level || k - level > 5) return null;
    return h3.cellToChildren(c, k);
  }),
});

const geoH3cellParent = defineScalar({
  name: 'geo_h3cell_parent',
  signatures: [{ params: [p('h3cell', STRING), p('resolution', NUMBER, { optional: true })], returns: 'string' }],
  doc: 'The parent of an H3 cell at a coarser resolution (default: the previous one); empty for an invalid cell or resolution.',
  example: `print parent_cell = geo_h3cell_parent('862a1072fffffff')`,
  implement: () => total((token, resolution) => {
    const c = h3Cell(token);
    if (!c) return '';
    const level = h3.getResolution(c);
    const k = resolution === undefined ? level - 1 : intArg(resolution);
    if (k === null || k < 0 || k > 14 || k > level) return '';
    return h3.cellToParent(c, k);
  }),
});

const geoH3cellRings = defineScalar({
  name: 'geo_h3cell_rings',
  signatures: [{ params: [p('h3cell', STRING), p('distance', NUMBER)], returns: 'dynamic' }],
  doc: 'The rings of H3 cells around a cell up to a distance (0–142): [[cell], [neighbours], ...]; null for an invalid cell or distance.',
  example: `print rings = geo_h3cell_rings('861f8894fffffff', 2)`,
  implement: () => total((token, distance) => {
    const c = h3Cell(token);
    const k = intArg(distance);
    if (!c || k === null || k < 0 || k > 142) return null;
    return h3.gridDiskDistances(c, k);
  }),
});

const geoH3cellLevel = defineScalar({
  name: 'geo_h3cell_level',
  signatures: [{ params: [p('h3cell', STRING)], returns: 'int' }],
  doc: 'The resolution (0–15) of an H3 cell; null for an invalid token.',
  example: `print cell_res = geo_h3cell_level('862a1072fffffff')`,
  implement: () => total((token) => {
    const c = h3Cell(token);
    return c ? h3.getResolution(c) : null;
  }),
});

const geoCellFunctions: ScalarFunctionDef[] = [
  geoDistance2Points, geoPointInCircle, geoAzimuth, geoAngle,
  geoPointToGeohash, geoGeohashToCentralPoint, geoGeohashToPolygon, geoGeohashNeighbors,
  geoPointToS2cell, geoS2cellToCentralPoint, geoS2cellToPolygon, geoS2cellNeighbors,
  geoPointToH3cell, geoH3cellToCentralPoint, geoH3cellToPolygon, geoH3cellNeighbors, geoH3cellChildren,
  geoH3cellParent, geoH3cellRings, geoH3cellLevel,
];


// ───────────────────────────── GeoJSON lines and polygons ─────────────────────────────
//
// Shapes are GeoJSON in a dynamic value (geo-point-in-polygon-function.md "Polygon definition and
// constraints", geo-line-length-function.md "LineString definition and constraints"):
//  - LineString: [[lng, lat], ...] with at least two entries; MultiLineString: an array of those.
//  - Polygon: [shell, hole, ...], each ring [[lng, lat], ..., first again]: at least four entries, the
//    first equal to the last, the vertices distinct; MultiPolygon: an array of those.
//  - every edge is the shorter geodesic between its vertices; a ring bounds the smaller of the two
//    regions it divides the sphere into, whatever its orientation.
// Anything else (another type, a bad coordinate, too few or repeated vertices) is invalid: null.

interface Vertex { lon: number; lat: number; v: Vec }
type Polyline = Vertex[];
/** a polygon: its shell then its holes, each ring without the closing vertex */
type PolygonRings = Vertex[][];

function bag(v: Scalar | undefined): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function position(x: unknown): Vertex | null {
  if (!Array.isArray(x) || x.length < 2) return null;
  const [lon, lat] = x as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number') return null;
  if (!validLon(lon) || !validLat(lat)) return null;
  return { lon, lat, v: toVec(lon, lat) };
}

function positions(x: unknown): Vertex[] | null {
  if (!Array.isArray(x)) return null;
  const out: Vertex[] = [];
  for (const e of x) {
    const q = position(e);
    if (!q) return null;
    out.push(q);
  }
  return out;
}

/** A LineString's vertices: at least two, adjacent repeats dropped (they add no edge). */
function polyline(x: unknown): Polyline | null {
  const pts = positions(x);
  if (!pts || pts.length < 2) return null;
  const out = [pts[0]!];
  for (const q of pts.slice(1)) if (!sameVec(q.v, out[out.length - 1]!.v)) out.push(q);
  return out.length >= 2 ? out : null;
}

/** The polylines of a LineString or MultiLineString, or null. */
function parseLines(value: Scalar | undefined): Polyline[] | null {
  const b = bag(value);
  if (!b) return null;
  if (b.type === 'LineString') {
    const l = polyline(b.coordinates);
    return l ? [l] : null;
  }
  if (b.type === 'MultiLineString') {
    if (!Array.isArray(b.coordinates) || b.coordinates.length === 0) return null;
    const out: Polyline[] = [];
    for (const c of b.coordinates) {
      const l = polyline(c);
      if (!l) return null;
      out.push(l);
    }
    return out;
  }
  return null;
}

function ring(x: unknown): Vertex[] | null {
  const pts = positions(x);
  if (!pts || pts.length < 4) return null;
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  if (first.lon !== last.lon || first.lat !== last.lat) return null;
  const vs = pts.slice(0, -1);
  const seen = new Set<string>();
  for (const q of vs) {
    const key = `${q.lon},${q.lat}`; // -0 and 0 give the same key, as they give the same point
    if (seen.has(key)) return null;
    seen.add(key);
  }
  return vs;
}

function polygonRings(x: unknown): PolygonRings | null {
  if (!Array.isArray(x) || x.length === 0) return null;
  const out: PolygonRings = [];
  for (const r of x) {
    const q = ring(r);
    if (!q) return null;
    out.push(q);
  }
  return out;
}

/** The polygons of a Polygon or MultiPolygon, or null. */
function parsePolygons(value: Scalar | undefined): PolygonRings[] | null {
  const b = bag(value);
  if (!b) return null;
  if (b.type === 'Polygon') {
    const p1 = polygonRings(b.coordinates);
    return p1 ? [p1] : null;
  }
  if (b.type === 'MultiPolygon') {
    if (!Array.isArray(b.coordinates) || b.coordinates.length === 0) return null;
    const out: PolygonRings[] = [];
    for (const c of b.coordinates) {
      const q = polygonRings(c);
      if (!q) return null;
      out.push(q);
    }
    return out;
  }
  return null;
}

const normalize = (a: Vec): Vec => scale(a, 1 / norm(a));

/** Signed area (steradians) of the spherical triangle abc: positive when counterclockwise (l'Huilier). */
function triangleArea(a: Vec, b: Vec, c: Vec): number {
  const sa = angle(b, c);
  const sb = angle(c, a);
  const sc = angle(a, b);
  const s = (sa + sb + sc) / 2;
  const t = Math.tan(s / 2) * Math.tan((s - sa) / 2) * Math.tan((s - sb) / 2) * Math.tan((s - sc) / 2);
  const e = 4 * Math.atan(Math.sqrt(Math.max(0, t)));
  return dot(cross(a, b), c) >= 0 ? e : -e;
}

/** S2::TrueCentroid of a triangle: the integral of position over its surface (times a constant). */
function triangleCentroid(a: Vec, b: Vec, c: Vec): Vec {
  const A = angle(b, c);
  const B = angle(c, a);
  const C = angle(a, b);
  const ra = A === 0 ? 1 : A / Math.sin(A);
  const rb = B === 0 ? 1 : B / Math.sin(B);
  const rc = C === 0 ? 1 : C / Math.sin(C);
  const x: Vec = [a[0], b[0], c[0]];
  const y: Vec = [a[1], b[1], c[1]];
  const z: Vec = [a[2], b[2], c[2]];
  const r: Vec = [ra, rb, rc];
  return scale([dot(cross(y, z), r), dot(cross(z, x), r), dot(cross(x, y), r)], 0.5);
}

/** S2::TrueCentroid of an edge: the integral of position along the arc. */
function edgeCentroid(a: Vec, b: Vec): Vec {
  const d = sub(a, b);
  const s = add(a, b);
  const cos2 = dot(s, s);
  return cos2 === 0 ? [0, 0, 0] : scale(s, Math.sqrt(dot(d, d) / cos2));
}

/** Area (steradians, > 0) and surface centroid of the smaller region a ring bounds. */
function ringMeasure(r: Vertex[]): { area: number; centroid: Vec } {
  let area = 0;
  let centroid: Vec = [0, 0, 0];
  const o = r[0]!.v;
  for (let i = 1; i + 1 < r.length; i++) {
    area += triangleArea(o, r[i]!.v, r[i + 1]!.v);
    centroid = add(centroid, triangleCentroid(o, r[i]!.v, r[i + 1]!.v));
  }
  // the fan sums to the area left of the ring modulo 4π; the smaller region is at most 2π
  if (area < 0) return { area: -area, centroid: scale(centroid, -1) };
  return { area, centroid };
}

function polygonMeasure(poly: PolygonRings): { area: number; centroid: Vec } {
  let area = 0;
  let centroid: Vec = [0, 0, 0];
  poly.forEach((r, k) => {
    const m = ringMeasure(r);
    const sign = k === 0 ? 1 : -1;
    area += sign * m.area;
    centroid = add(centroid, scale(m.centroid, sign));
  });
  return { area, centroid };
}

/**
 * Whether p is inside a polygon. Each polygon is at most a hemisphere, so it is looked at through the
 * gnomonic projection centred on its shell: that projection maps geodesics to straight lines, so the
 * planar even-odd rule over all rings is exact on the sphere.
 */
function polygonContains(poly: PolygonRings, p: Vec): boolean {
  let c: Vec = [0, 0, 0];
  for (const q of poly[0]!) c = add(c, q.v);
  if (norm(c) === 0) return false;
  c = normalize(c);
  const pc = dot(p, c);
  if (pc <= 0) return false;
  const e1 = normalize(Math.abs(c[2]) < 0.9 ? cross([0, 0, 1], c) : cross([1, 0, 0], c));
  const e2 = cross(c, e1);
  const px = dot(p, e1) / pc;
  const py = dot(p, e2) / pc;
  let inside = false;
  for (const r of poly) {
    const xy = r.map((q) => {
      const d = dot(q.v, c);
      return d > 0 ? [dot(q.v, e1) / d, dot(q.v, e2) / d] as const : null;
    });
    if (xy.some((q) => q === null)) return false; // wider than the hemisphere around the shell
    for (let i = 0, j = xy.length - 1; i < xy.length; j = i++) {
      const [xi, yi] = xy[i]!;
      const [xj, yj] = xy[j]!;
      if ((yi > py) !== (yj > py) && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

const anyPolygonContains = (polys: PolygonRings[], p: Vec) => polys.some((q) => polygonContains(q, p));

/** The point of arc ab closest to x, and its angular distance. */
function closestOnEdge(x: Vec, a: Vertex, b: Vertex): { v: Vec; vertex?: Vertex; d: number } {
  const n = cross(a.v, b.v);
  const nn = norm(n);
  if (nn > 0) {
    const u = scale(n, 1 / nn);
    const q0 = sub(x, scale(u, dot(x, u)));
    if (norm(q0) > 0) {
      const q = normalize(q0);
      if (dot(cross(a.v, q), n) > 0 && dot(cross(q, b.v), n) > 0) return { v: q, d: angle(x, q) };
    }
  }
  const da = angle(x, a.v);
  const db = angle(x, b.v);
  return da <= db ? { v: a.v, vertex: a, d: da } : { v: b.v, vertex: b, d: db };
}

/** Edges of polylines, and of polygon rings (closed). */
function lineEdges(lines: Polyline[]): [Vertex, Vertex][] {
  const out: [Vertex, Vertex][] = [];
  for (const l of lines) for (let i = 0; i + 1 < l.length; i++) out.push([l[i]!, l[i + 1]!]);
  return out;
}

function ringEdges(polys: PolygonRings[]): [Vertex, Vertex][] {
  const out: [Vertex, Vertex][] = [];
  for (const poly of polys) for (const r of poly) for (let i = 0; i < r.length; i++) out.push([r[i]!, r[(i + 1) % r.length]!]);
  return out;
}

function closestOnEdges(x: Vec, edges: [Vertex, Vertex][]): { v: Vec; vertex?: Vertex; d: number } {
  let best = { v: edges[0]![0].v, d: Infinity } as { v: Vec; vertex?: Vertex; d: number };
  for (const [a, b] of edges) {
    const c = closestOnEdge(x, a, b);
    if (c.d < best.d) best = c;
  }
  return best;
}

const pointOf = (c: { v: Vec; vertex?: Vertex }) => (c.vertex ? point(c.vertex.lon, c.vertex.lat) : point(...toLonLat(c.v)));

const sign3 = (a: Vec, b: Vec, c: Vec) => Math.sign(dot(cross(a, b), c));

/** Whether arcs ab and cd share a point (S2's crossing rule, with touching counted as intersecting). */
function edgesIntersect(a: Vec, b: Vec, c: Vec, d: Vec): boolean {
  const acb = -sign3(a, b, c);
  const bda = sign3(a, b, d);
  const cbd = -sign3(c, d, b);
  const dac = sign3(c, d, a);
  if (acb !== 0 && bda !== 0 && cbd !== 0 && dac !== 0) return acb === bda && bda === cbd && cbd === dac;
  // a touching or collinear configuration: a vertex of one lying on the other
  const on = (x: Vec, p1: Vec, p2: Vec) => {
    const n = cross(p1, p2);
    const nn = norm(n);
    if (nn === 0) return sameVec(x, p1);
    return Math.abs(dot(x, n)) / nn < 1e-15 && angle(p1, x) + angle(x, p2) <= angle(p1, p2) + 1e-15;
  };
  return on(a, c, d) || on(b, c, d) || on(c, a, b) || on(d, a, b);
}

function anyEdgesIntersect(e1: [Vertex, Vertex][], e2: [Vertex, Vertex][]): boolean {
  for (const [a, b] of e1) for (const [c, d] of e2) if (edgesIntersect(a.v, b.v, c.v, d.v)) return true;
  return false;
}

const polylineLength = (l: Polyline) => {
  let s = 0;
  for (let i = 0; i + 1 < l.length; i++) s += angle(l[i]!.v, l[i + 1]!.v);
  return s;
};

/**
 * A Polygon or MultiPolygon as the polygons of its area: a MultiPolygon's polygons are united first
 * (geo-polygon-area-function.md and geo-polygon-perimeter-function.md measure "the polygons union"; their
 * MultiPolygon examples overlap). Polygons too wide to unite in one projection are measured as given.
 */
function unitedPolygons(value: Scalar | undefined): PolygonRings[] | null {
  const polys = parsePolygons(value);
  if (!polys || polys.length < 2) return polys;
  return sphereUnion(polys) ?? polys;
}

/**
 * A LineString or MultiLineString as the polylines it covers: a MultiLineString's lines are united
 * first, so overlapping parts count once (geo-line-length-function.md: "the result will be total length
 * of lines union"; geo-line-centroid-function.md: "the centroid of lines union").
 */
function unitedLines(value: Scalar | undefined): Polyline[] | null {
  const lines = parseLines(value);
  if (!lines || lines.length < 2) return lines;
  return sphereLineUnion(lines) ?? lines;
}

const LINE = (name = 'lineString') => p(name, DYNAMIC);
const POLYGON = (name = 'polygon') => p(name, DYNAMIC);

const geoPointInPolygon = defineScalar({
  name: 'geo_point_in_polygon',
  signatures: [{ params: [p('longitude', NUMBER), p('latitude', NUMBER), POLYGON()], returns: 'bool' }],
  doc: 'Whether a point is inside a GeoJSON Polygon or MultiPolygon (geodesic edges on a sphere); null for invalid coordinates or polygon.',
  example: `print geo_point_in_polygon(-73.985654, 40.748487, dynamic({"type":"Polygon","coordinates":[[[-74.1,40.6],[-73.8,40.6],[-73.8,40.9],[-74.1,40.9],[-74.1,40.6]]]}))`,
  implement: () => total((lon, lat, polygon) => {
    const a = lonLat(lon, lat);
    const polys = parsePolygons(polygon);
    if (!a || !polys) return null;
    return anyPolygonContains(polys, toVec(a[0], a[1]));
  }),
});

const geoPolygonArea = defineScalar({
  name: 'geo_polygon_area',
  signatures: [{ params: [POLYGON()], returns: 'real' }],
  doc: 'The area in square meters of a GeoJSON Polygon or MultiPolygon (of the union of its polygons) on Earth; null for an invalid polygon.',
  example: `print geo_polygon_area(dynamic({"type":"Polygon","coordinates":[[[-73.9495,40.7969],[-73.95807266235352,40.80068603561921],[-73.98201942443848,40.76825672305777],[-73.97317886352539,40.76455136505513],[-73.9495,40.7969]]]}))`,
  implement: () => total((polygon) => {
    const polys = unitedPolygons(polygon);
    if (!polys) return null;
    return polys.reduce((s, q) => s + polygonMeasure(q).area, 0) * EARTH_RADIUS_M * EARTH_RADIUS_M;
  }),
});

const geoPolygonPerimeter = defineScalar({
  name: 'geo_polygon_perimeter',
  signatures: [{ params: [POLYGON()], returns: 'real' }],
  doc: 'The length in meters of the boundary (shells and holes) of a GeoJSON Polygon or MultiPolygon (of the union of its polygons); null for an invalid polygon.',
  example: `print geo_polygon_perimeter(dynamic({"type":"Polygon","coordinates":[[[-73.9495,40.7969],[-73.95807266235352,40.80068603561921],[-73.98201942443848,40.76825672305777],[-73.97317886352539,40.76455136505513],[-73.9495,40.7969]]]}))`,
  implement: () => total((polygon) => {
    const polys = unitedPolygons(polygon);
    if (!polys) return null;
    return ringEdges(polys).reduce((s, [a, b]) => s + angle(a.v, b.v), 0) * EARTH_RADIUS_M;
  }),
});

const geoPolygonCentroid = defineScalar({
  name: 'geo_polygon_centroid',
  signatures: [{ params: [POLYGON()], returns: 'dynamic' }],
  doc: 'The centroid of a GeoJSON Polygon or MultiPolygon (of the surface of the union of its polygons) as a GeoJSON point; null for an invalid polygon.',
  example: `print geo_polygon_centroid(dynamic({"type":"Polygon","coordinates":[[[-73.9495,40.7969],[-73.95807266235352,40.80068603561921],[-73.98201942443848,40.76825672305777],[-73.97317886352539,40.76455136505513],[-73.9495,40.7969]]]}))`,
  implement: () => total((polygon) => {
    const polys = unitedPolygons(polygon);
    if (!polys) return null;
    let c: Vec = [0, 0, 0];
    for (const q of polys) c = add(c, polygonMeasure(q).centroid);
    return norm(c) > 0 ? point(...toLonLat(c)) : null;
  }),
});

const geoLineLength = defineScalar({
  name: 'geo_line_length',
  signatures: [{ params: [LINE()], returns: 'real' }],
  doc: 'The length in meters of a GeoJSON LineString or MultiLineString (overlapping lines counted once) on Earth; null for an invalid line.',
  example: `print geo_line_length(dynamic({"type":"LineString","coordinates":[[-73.95807266235352,40.800426144169315],[-73.94966125488281,40.79691751000055],[-73.97317886352539,40.764486356930334]]}))`,
  implement: () => total((line) => {
    const lines = unitedLines(line);
    return lines ? lines.reduce((s, l) => s + polylineLength(l), 0) * EARTH_RADIUS_M : null;
  }),
});

const geoLineCentroid = defineScalar({
  name: 'geo_line_centroid',
  signatures: [{ params: [LINE()], returns: 'dynamic' }],
  doc: 'The centroid of a GeoJSON LineString or MultiLineString (along the length of the union of its lines) as a GeoJSON point; null for an invalid line.',
  example: `print geo_line_centroid(dynamic({"type":"LineString","coordinates":[[-73.95796, 40.80042], [-73.97317, 40.764486]]}))`,
  implement: () => total((line) => {
    const lines = unitedLines(line);
    if (!lines) return null;
    let c: Vec = [0, 0, 0];
    for (const [a, b] of lineEdges(lines)) c = add(c, edgeCentroid(a.v, b.v));
    return norm(c) > 0 ? point(...toLonLat(c)) : null;
  }),
});

const geoDistancePointToLine = defineScalar({
  name: 'geo_distance_point_to_line',
  signatures: [{ params: [p('longitude', NUMBER), p('latitude', NUMBER), LINE()], returns: 'real' }],
  doc: 'The shortest distance in meters from a point to a GeoJSON LineString or MultiLineString; null for invalid input.',
  example: `print geo_distance_point_to_line(-115.199625, 36.210419, dynamic({"type":"LineString","coordinates":[[-115.115385,36.229195],[-115.136995,36.200366]]}))`,
  implement: () => total((lon, lat, line) => {
    const a = lonLat(lon, lat);
    const lines = parseLines(line);
    if (!a || !lines) return null;
    return closestOnEdges(toVec(a[0], a[1]), lineEdges(lines)).d * EARTH_RADIUS_M;
  }),
});

const geoClosestPointOnLine = defineScalar({
  name: 'geo_closest_point_on_line',
  signatures: [{ params: [p('longitude', NUMBER), p('latitude', NUMBER), LINE()], returns: 'dynamic' }],
  doc: 'The point of a GeoJSON LineString or MultiLineString closest to a point, as a GeoJSON point; null for invalid input.',
  example: `print geo_closest_point_on_line(-115.199625, 36.210419, dynamic({"type":"LineString","coordinates":[[-115.115385,36.229195],[-115.136995,36.200366]]}))`,
  implement: () => total((lon, lat, line) => {
    const a = lonLat(lon, lat);
    const lines = parseLines(line);
    if (!a || !lines) return null;
    return pointOf(closestOnEdges(toVec(a[0], a[1]), lineEdges(lines)));
  }),
});

const geoDistancePointToPolygon = defineScalar({
  name: 'geo_distance_point_to_polygon',
  signatures: [{ params: [p('longitude', NUMBER), p('latitude', NUMBER), POLYGON()], returns: 'real' }],
  doc: 'The shortest distance in meters from a point to a GeoJSON Polygon or MultiPolygon (0 inside it); null for invalid input.',
  example: `print geo_distance_point_to_polygon(-73.9839, 40.7705, dynamic({"type":"Polygon","coordinates":[[[-73.9495,40.7969],[-73.95807266235352,40.80068603561921],[-73.98201942443848,40.76825672305777],[-73.97317886352539,40.76455136505513],[-73.9495,40.7969]]]}))`,
  implement: () => total((lon, lat, polygon) => {
    const a = lonLat(lon, lat);
    const polys = parsePolygons(polygon);
    if (!a || !polys) return null;
    const x = toVec(a[0], a[1]);
    return anyPolygonContains(polys, x) ? 0 : closestOnEdges(x, ringEdges(polys)).d * EARTH_RADIUS_M;
  }),
});

const geoClosestPointOnPolygon = defineScalar({
  name: 'geo_closest_point_on_polygon',
  signatures: [{ params: [p('longitude', NUMBER), p('latitude', NUMBER), POLYGON()], returns: 'dynamic' }],
  doc: 'The point of a GeoJSON Polygon or MultiPolygon closest to a point (the point itself inside it), as a GeoJSON point; null for invalid input.',
  example: `print geo_closest_point_on_polygon(-73.9839, 40.7705, dynamic({"type":"Polygon","coordinates":[[[-73.9495,40.7969],[-73.95807266235352,40.80068603561921],[-73.98201942443848,40.76825672305777],[-73.97317886352539,40.76455136505513],[-73.9495,40.7969]]]}))`,
  implement: () => total((lon, lat, polygon) => {
    const a = lonLat(lon, lat);
    const polys = parsePolygons(polygon);
    if (!a || !polys) return null;
    const x = toVec(a[0], a[1]);
    return anyPolygonContains(polys, x) ? point(a[0], a[1]) : pointOf(closestOnEdges(x, ringEdges(polys)));
  }),
});

const geoIntersects2Lines = defineScalar({
  name: 'geo_intersects_2lines',
  signatures: [{ params: [LINE('lineString1'), LINE('lineString2')], returns: 'bool' }],
  doc: 'Whether two GeoJSON LineStrings or MultiLineStrings intersect; null for an invalid line.',
  example: `print geo_intersects_2lines(dynamic({"type":"LineString","coordinates":[[-73.978929,40.785155],[-73.980903,40.782621]]}), dynamic({"type":"LineString","coordinates":[[-73.985195,40.788275],[-73.974552,40.779761]]}))`,
  implement: () => total((l1, l2) => {
    const a = parseLines(l1);
    const b = parseLines(l2);
    if (!a || !b) return null;
    return anyEdgesIntersect(lineEdges(a), lineEdges(b));
  }),
});

const geoIntersectsLineWithPolygon = defineScalar({
  name: 'geo_intersects_line_with_polygon',
  signatures: [{ params: [LINE(), POLYGON()], returns: 'bool' }],
  doc: 'Whether a GeoJSON LineString or MultiLineString intersects a Polygon or MultiPolygon; null for invalid input.',
  example: `print geo_intersects_line_with_polygon(dynamic({"type":"LineString","coordinates":[[-73.985195,40.788275],[-73.974552,40.779761]]}), dynamic({"type":"Polygon","coordinates":[[[-73.9712905883789,40.78580561168767],[-73.98004531860352,40.775276834803655],[-73.97000312805176,40.77852663535664],[-73.9712905883789,40.78580561168767]]]}))`,
  implement: () => total((line, polygon) => {
    const lines = parseLines(line);
    const polys = parsePolygons(polygon);
    if (!lines || !polys) return null;
    return lines.some((l) => l.some((q) => anyPolygonContains(polys, q.v))) || anyEdgesIntersect(lineEdges(lines), ringEdges(polys));
  }),
});

const geoIntersects2Polygons = defineScalar({
  name: 'geo_intersects_2polygons',
  signatures: [{ params: [POLYGON('polygon1'), POLYGON('polygon2')], returns: 'bool' }],
  doc: 'Whether two GeoJSON Polygons or MultiPolygons intersect; null for an invalid polygon.',
  example: `print geo_intersects_2polygons(dynamic({"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,0]]]}), dynamic({"type":"Polygon","coordinates":[[[1,0.5],[3,0.5],[3,3],[1,0.5]]]}))`,
  implement: () => total((p1, p2) => {
    const a = parsePolygons(p1);
    const b = parsePolygons(p2);
    if (!a || !b) return null;
    const anyInside = (xs: PolygonRings[], ys: PolygonRings[]) => xs.some((q) => q[0]!.some((v) => anyPolygonContains(ys, v.v)));
    return anyInside(a, b) || anyInside(b, a) || anyEdgesIntersect(ringEdges(a), ringEdges(b));
  }),
});

// ───────────────────────────── along a line ─────────────────────────────

/** The point at angle `d` (radians) from a along the geodesic towards b. */
function pointAlong(a: Vec, b: Vec, d: number): Vec {
  const theta = angle(a, b);
  if (theta === 0) return a;
  const s = Math.sin(theta);
  return normalize(add(scale(a, Math.sin(theta - d) / s), scale(b, Math.sin(d) / s)));
}

/** A single LineString (geo_line_interpolate_point / geo_line_locate_point take no MultiLineString). */
function singleLine(value: Scalar | undefined): Polyline | null {
  const b = bag(value);
  return b && b.type === 'LineString' ? polyline(b.coordinates) : null;
}

const geoLineInterpolatePoint = defineScalar({
  name: 'geo_line_interpolate_point',
  signatures: [{ params: [LINE(), p('fraction', NUMBER)], returns: 'dynamic' }],
  doc: 'The point at a fraction (0 = start, 1 = end) of the length of a GeoJSON LineString, as a GeoJSON point; null for an invalid line or fraction.',
  example: `print point = geo_line_interpolate_point(dynamic({"type":"LineString","coordinates":[[-73.95796, 40.80042], [-73.97317, 40.764486]]}), 0.25)`,
  implement: () => total((line, fraction) => {
    const l = singleLine(line);
    const f = num(fraction);
    if (!l || f === null || f < 0 || f > 1) return null;
    if (f === 0) return point(l[0]!.lon, l[0]!.lat);
    if (f === 1) return point(l[l.length - 1]!.lon, l[l.length - 1]!.lat);
    let rest = f * polylineLength(l);
    for (let i = 0; i + 1 < l.length; i++) {
      const e = angle(l[i]!.v, l[i + 1]!.v);
      if (rest < e) return point(...toLonLat(pointAlong(l[i]!.v, l[i + 1]!.v, rest)));
      rest -= e;
    }
    return point(l[l.length - 1]!.lon, l[l.length - 1]!.lat);
  }),
});

const geoLineLocatePoint = defineScalar({
  name: 'geo_line_locate_point',
  signatures: [{ params: [LINE(), p('longitude', NUMBER), p('latitude', NUMBER)], returns: 'real' }],
  doc: 'The fraction (0–1) of a GeoJSON LineString\'s length from its start to the point of it closest to a given point; null for invalid input.',
  example: `print fraction = geo_line_locate_point(dynamic({"type":"LineString","coordinates":[[-73.95796, 40.80042], [-73.97317, 40.764486]]}), -73.965, 40.792)`,
  implement: () => total((line, lon, lat) => {
      const l = singleLine(line);
      const a = lonLat(lon, lat);
      if (!l || !a) return null;
      const x = toVec(a[0], a[1]);
      let best = Infinity;
      let at = 0;
      let walked = 0;
      for (let i = 0; i + 1 < l.length; i++) {
        const c = closestOnEdge(x, l[i]!, l[i + 1]!);
        if (c.d < best) {
          best = c.d;
          at = walked + angle(l[i]!.v, c.v);
        }
        walked += angle(l[i]!.v, l[i + 1]!.v);
      }
      return walked > 0 ? Math.min(1, at / walked) : null;
  }),
});

// ───────────────────────────── densify ─────────────────────────────

/**
 * geo_line_densify / geo_polygon_densify: GeoJSON edges are straight in (longitude, latitude); Kusto's
 * are geodesics. Densifying adds points of the planar edge until the geodesic chain through them is
 * within `tolerance` meters of it: an edge is halved (at its planar midpoint) while that midpoint is
 * farther than the tolerance from the geodesic between the edge's ends.
 */
/** Kusto's limit (geo-line-densify-function.md: "The maximum number of points in the densified line is limited to 10485760"). */
const MAX_DENSIFIED_POINTS = 10485760;

class TooManyPoints extends Error {}

function densifyEdge(a: [number, number], b: [number, number], tolerance: number, out: [number, number][], depth = 0): void {
  if (out.length > MAX_DENSIFIED_POINTS) throw new TooManyPoints();
  const m: [number, number] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const va = { lon: a[0], lat: a[1], v: toVec(a[0], a[1]) };
  const vb = { lon: b[0], lat: b[1], v: toVec(b[0], b[1]) };
  if (depth < 24 && closestOnEdge(toVec(m[0], m[1]), va, vb).d * EARTH_RADIUS_M > tolerance) {
    densifyEdge(a, m, tolerance, out, depth + 1);
    out.push(m);
    densifyEdge(m, b, tolerance, out, depth + 1);
  }
}

/** The densified path, or null past MAX_DENSIFIED_POINTS. */
function densifyPath(pts: [number, number][], tolerance: number): [number, number][] | null {
  const out: [number, number][] = [pts[0]!];
  try {
    for (let i = 0; i + 1 < pts.length; i++) {
      densifyEdge(pts[i]!, pts[i + 1]!, tolerance, out);
      out.push(pts[i + 1]!);
    }
  } catch (e) {
    if (e instanceof TooManyPoints) return null;
    throw e;
  }
  return out;
}

/** Tolerance in meters, [0.1, 10000], default 10 (geo-line-densify-function.md). */
function densifyTolerance(v: Scalar | undefined): number | null {
  if (v === undefined) return 10;
  const t = num(v);
  return t !== null && t >= 0.1 && t <= 10000 ? t : null;
}

const coordsOf = (l: Vertex[]): [number, number][] => l.map((q) => [q.lon, q.lat]);

const geoLineDensify = defineScalar({
  name: 'geo_line_densify',
  signatures: [{ params: [LINE(), p('tolerance', NUMBER, { optional: true })], returns: 'dynamic' }],
  doc: 'A GeoJSON LineString or MultiLineString with points added along its planar edges so that the geodesic chain is within tolerance meters (0.1–10000, default 10) of them; null for invalid input.',
  example: `print geo_line_densify(dynamic({"type":"LineString","coordinates":[[50, 50], [51, 51]]}))`,
  implement: () => total((line, tolerance) => {
    const lines = parseLines(line);
    const t = densifyTolerance(tolerance);
    if (!lines || t === null) return null;
    const type = (bag(line)!.type as string);
    const dense = lines.map((l) => densifyPath(coordsOf(l), t));
    if (dense.some((d) => d === null)) return null;
    return type === 'LineString' ? { type, coordinates: dense[0] } : { type, coordinates: dense };
  }),
});

const geoPolygonDensify = defineScalar({
  name: 'geo_polygon_densify',
  signatures: [{ params: [POLYGON(), p('tolerance', NUMBER, { optional: true })], returns: 'dynamic' }],
  doc: 'A GeoJSON Polygon or MultiPolygon with points added along its planar edges so that the geodesic chain is within tolerance meters (0.1–10000, default 10) of them; null for invalid input.',
  example: `print geo_polygon_densify(dynamic({"type":"Polygon","coordinates":[[[10,10],[11,10],[11,11],[10,11],[10,10]]]}))`,
  implement: () => total((polygon, tolerance) => {
    const polys = parsePolygons(polygon);
    const t = densifyTolerance(tolerance);
    if (!polys || t === null) return null;
    const type = (bag(polygon)!.type as string);
    const dense = polys.map((q) => q.map((r) => densifyPath([...coordsOf(r), [r[0]!.lon, r[0]!.lat]], t)));
    if (dense.some((q) => q.some((r) => r === null))) return null;
    return type === 'Polygon' ? { type, coordinates: dense[0] } : { type, coordinates: dense };
  }),
});

// ───────────────────────────── S2 coverings ─────────────────────────────

/** Kusto's limit on covering tokens (geo-polygon-to-s2cells-function.md: "Maximum count of tokens per polygon is 65536"). */
const MAX_COVERING = 65536;

function cellVertices(cell: S2Cell): Vertex[] {
  return [0, 1, 2, 3].map((k) => {
    const q = cell.getVertex(k);
    const v = normalize([q.x, q.y, q.z]);
    const [lon, lat] = toLonLat(v);
    return { lon, lat, v };
  });
}

const cellEdges = (vs: Vertex[]): [Vertex, Vertex][] => vs.map((v, k) => [v, vs[(k + 1) % 4]!]);

/**
 * The cells of `level` that a shape touches: a descent from the six faces keeping the cells that
 * intersect it (S2RegionCoverer with min = max level). Null past MAX_COVERING cells.
 */
function covering(level: number, intersects: (cell: S2Cell) => boolean): string[] | null {
  let cells: S2CellId[] = [0, 1, 2, 3, 4, 5].map((f) => S2CellId.fromFace(f));
  for (let k = 0; ; k++) {
    cells = cells.filter((c) => intersects(new S2Cell(c)));
    if (cells.length > MAX_COVERING) return null;
    if (k === level) return cells.map((c) => c.toToken());
    cells = cells.flatMap((c) => {
      const out = [c.childBegin()];
      for (let i = 1; i < 4; i++) out.push(out[i - 1]!.next());
      return out;
    });
  }
}

const cellContainsVec = (cell: S2Cell, v: Vec) => cell.contains(new S2Point(v[0], v[1], v[2]));

const levelArg = (v: Scalar | undefined) => (v === undefined ? 11 : intArg(v));

/** Angular distance between two sets of edges that do not intersect: the closest vertex-to-edge pair. */
function edgeSetsDistance(e1: [Vertex, Vertex][], e2: [Vertex, Vertex][]): number {
  let best = Infinity;
  for (const [a] of e1) best = Math.min(best, closestOnEdges(a.v, e2).d);
  for (const [a] of e2) best = Math.min(best, closestOnEdges(a.v, e1).d);
  for (const [, b] of e1) best = Math.min(best, closestOnEdges(b.v, e2).d);
  for (const [, b] of e2) best = Math.min(best, closestOnEdges(b.v, e1).d);
  return best;
}

/** Buffer radius in meters (default 0); negative or not a number → invalid. */
function radiusArg(v: Scalar | undefined): number | null {
  if (v === undefined) return 0;
  const r = num(v);
  return r !== null && r >= 0 ? r / EARTH_RADIUS_M : null;
}

const geoPolygonToS2cells = defineScalar({
  name: 'geo_polygon_to_s2cells',
  signatures: [{ params: [POLYGON(), p('level', NUMBER, { optional: true }), p('radius', NUMBER, { optional: true })], returns: 'dynamic' }],
  doc: 'The S2 cell tokens of one level (0–30, default 11) that cover a GeoJSON Polygon or MultiPolygon and the points within radius meters of it (default 0); null for invalid input or more than 65536 cells.',
  example: `print array_length(geo_polygon_to_s2cells(dynamic({"type":"Polygon","coordinates":[[[0,0],[0,50],[100,50],[0,0]]]}), 5))`,
  implement: () => total((polygon, level, radius) => {
    const polys = parsePolygons(polygon);
    const k = levelArg(level);
    const r = radiusArg(radius);
    if (!polys || k === null || k < 0 || k > 30 || r === null) return null;
    // cells of level k are at most S2's kMaxArea = 2.635799256963161 · 4^-k steradians: a polygon larger
    // than MAX_COVERING of them needs more cells than Kusto returns
    if (polys.reduce((sum, q) => sum + polygonMeasure(q).area, 0) > MAX_COVERING * 2.635799256963161 * 4 ** -k) return null;
    const edges = ringEdges(polys);
    return covering(k, (cell) => {
      const vs = cellVertices(cell);
      const ce = cellEdges(vs);
      if (vs.some((q) => anyPolygonContains(polys, q.v)) || edges.some(([a]) => cellContainsVec(cell, a.v)) || anyEdgesIntersect(ce, edges)) return true;
      return r > 0 && edgeSetsDistance(ce, edges) <= r;
    });
  }),
});

const geoLineToS2cells = defineScalar({
  name: 'geo_line_to_s2cells',
  signatures: [{ params: [LINE(), p('level', NUMBER, { optional: true }), p('radius', NUMBER, { optional: true })], returns: 'dynamic' }],
  doc: 'The S2 cell tokens of one level (0–30, default 11) that cover a GeoJSON LineString or MultiLineString and the points within radius meters of it (default 0); null for invalid input or more than 65536 cells.',
  example: `print geo_line_to_s2cells(dynamic({"type":"LineString","coordinates":[[-73.95798,40.80055],[-73.98193,40.76819]]}), 12)`,
  implement: () => total((line, level, radius) => {
    const lines = parseLines(line);
    const k = levelArg(level);
    const r = radiusArg(radius);
    if (!lines || k === null || k < 0 || k > 30 || r === null) return null;
    const edges = lineEdges(lines);
    return covering(k, (cell) => {
      const ce = cellEdges(cellVertices(cell));
      if (lines.some((l) => l.some((q) => cellContainsVec(cell, q.v))) || anyEdgesIntersect(ce, edges)) return true;
      return r > 0 && edgeSetsDistance(ce, edges) <= r;
    });
  }),
});

/** Kusto's limit (geo-polygon-to-h3cells-function.md: "The maximum count of tokens per polygon is 61680"). */
const MAX_H3_CELLS = 61680;

const geoPolygonToH3cells = defineScalar({
  name: 'geo_polygon_to_h3cells',
  signatures: [{ params: [POLYGON(), p('resolution', NUMBER, { optional: true })], returns: 'dynamic' }],
  doc: 'The H3 cells of a resolution (0–15, default 6) whose centers are inside a GeoJSON Polygon or MultiPolygon (edges straight in longitude/latitude, as H3 reads them); null for invalid input or more than 61680 cells. The buffer radius argument is not supported.',
  example: `print geo_polygon_to_h3cells(dynamic({"type":"Polygon","coordinates":[[[-3.659,40.553],[-3.913,40.409],[-3.729,40.273],[-3.524,40.440],[-3.659,40.553]]]}))`,
  implement: () => total((polygon, resolution) => {
    const polys = parsePolygons(polygon);
    const k = resolution === undefined ? 6 : intArg(resolution);
    if (!polys || k === null || k < 0 || k > 15) return null;
    // far more cells than the limit (H3 cell areas vary less than 4x around the average): null without listing them
    const area = polys.reduce((sum, q) => sum + polygonMeasure(q).area, 0) * EARTH_RADIUS_M * EARTH_RADIUS_M;
    if (area / h3.getHexagonAreaAvg(k, h3.UNITS.m2) > 4 * MAX_H3_CELLS) return null;
    const out = new Set<string>();
    for (const q of polys) {
      for (const c of h3.polygonToCells(q.map((r) => r.map((v) => [v.lon, v.lat])), k, true)) out.add(c);
      if (out.size > MAX_H3_CELLS) return null;
    }
    return [...out];
  }),
});

// ───────────────────────────── WKT ─────────────────────────────

/**
 * Well-known text → GeoJSON (geo-from-wkt-function.md): POINT, LINESTRING, POLYGON, MULTIPOINT,
 * MULTILINESTRING, MULTIPOLYGON, GEOMETRYCOLLECTION; a Z/M/ZM tag keeps the first two ordinates.
 * Anything it cannot read (or EMPTY) is null.
 */
function parseWkt(text: string): Record<string, unknown> | null {
  const tokens = text.match(/[A-Za-z]+|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[(),]|\S/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const expect = (t: string) => {
    if (tokens[i] !== t) throw new Error('wkt');
    i++;
  };
  const numberTok = () => {
    const t = tokens[i++];
    if (t === undefined || !/^[-+]?(?:\d|\.\d)/.test(t)) throw new Error('wkt');
    return Number(t);
  };
  const coord = () => {
    const x = numberTok();
    const y = numberTok();
    while (peek() !== undefined && /^[-+]?(?:\d|\.\d)/.test(peek()!)) i++; // z, m
    return [x, y];
  };
  const list = <T>(item: () => T): T[] => {
    expect('(');
    const out = [item()];
    while (peek() === ',') {
      i++;
      out.push(item());
    }
    expect(')');
    return out;
  };
  const coords = () => list(coord);
  const geometry = (): Record<string, unknown> => {
    const word = (tokens[i++] ?? '').toUpperCase();
    if (/^(Z|M|ZM)$/i.test(peek() ?? '')) i++;
    if ((peek() ?? '').toUpperCase() === 'EMPTY') throw new Error('wkt');
    switch (word) {
      case 'POINT': {
        expect('(');
        const c = coord();
        expect(')');
        return { type: 'Point', coordinates: c };
      }
      case 'LINESTRING': return { type: 'LineString', coordinates: coords() };
      case 'POLYGON': return { type: 'Polygon', coordinates: list(coords) };
      case 'MULTIPOINT': return { type: 'MultiPoint', coordinates: list(() => (peek() === '(' ? coords()[0]! : coord())) };
      case 'MULTILINESTRING': return { type: 'MultiLineString', coordinates: list(coords) };
      case 'MULTIPOLYGON': return { type: 'MultiPolygon', coordinates: list(() => list(coords)) };
      case 'GEOMETRYCOLLECTION': return { type: 'GeometryCollection', geometries: list(geometry) };
      default: throw new Error('wkt');
    }
  };
  try {
    const g = geometry();
    return i === tokens.length ? g : null;
  } catch {
    return null;
  }
}

const geoFromWkt = defineScalar({
  name: 'geo_from_wkt',
  signatures: [{ params: [p('wkt', STRING)], returns: 'dynamic' }],
  doc: 'Converts a well-known text (WKT) geometry to a GeoJSON shape; null when the text is not WKT or of an unsupported type.',
  example: `print line = geo_from_wkt("LINESTRING (1 2, 3 4)")`,
  implement: () => total((wkt) => (typeof wkt === 'string' ? parseWkt(wkt) : null)),
});

export const geoShapeFunctions: ScalarFunctionDef[] = [
  geoPointInPolygon, geoPolygonArea, geoPolygonPerimeter, geoPolygonCentroid, geoLineLength, geoLineCentroid,
  geoDistancePointToLine, geoClosestPointOnLine, geoDistancePointToPolygon, geoClosestPointOnPolygon,
  geoIntersects2Lines, geoIntersectsLineWithPolygon, geoIntersects2Polygons,
  geoLineInterpolatePoint, geoLineLocatePoint, geoLineDensify, geoPolygonDensify, geoPolygonToS2cells, geoLineToS2cells,
  geoFromWkt, geoPolygonToH3cells,
];
export const geoFunctions: ScalarFunctionDef[] = [...geoCellFunctions, ...geoShapeFunctions];

// for the geo_polygon_lookup / geo_line_lookup plugins
export { anyPolygonContains, closestOnEdges, lineEdges, lonLat, parseLines, parsePolygons, ringEdges, toVec };
// for the overlay, buffer and simplify functions (geo-ops.ts)
export { angle, closestOnEdge, cross, LINE, normalize, num, pointAlong, POLYGON, toLonLat, total };
export type { PolygonRings, Polyline, Vec, Vertex };
