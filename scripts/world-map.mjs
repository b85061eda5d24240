// Regenerates src-renderer/src/features/viewer/world-map/land-110m.ts, the viewer's offline world map, from
// world-atlas's land-110m.json (Natural Earth 1:110m land, public domain; world-atlas ISC, © Michael Bostock):
//   npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz && node scripts/world-map.mjs package/land-110m.json
// The TopoJSON is decoded here (delta-encoded, quantized arcs) so the app carries no map library, only a path.
import { readFileSync, writeFileSync } from 'node:fs';

const topology = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { scale, translate } = topology.transform;
const arcs = topology.arcs.map((arc) => {
  let x = 0;
  let y = 0;
  return arc.map(([dx, dy]) => {
    x += dx;
    y += dy;
    return [x * scale[0] + translate[0], y * scale[1] + translate[1]];
  });
});
const arcPoints = (index) => (index >= 0 ? arcs[index] : [...arcs[~index]].reverse());
// equirectangular: 1 unit a degree, x from 180° W, y from 90° N
const point = ([lon, lat]) => `${(lon + 180).toFixed(1)} ${(90 - lat).toFixed(1)}`;
const rings = [];
for (const geometry of topology.objects.land.geometries) {
  const polygons = geometry.type === 'Polygon' ? [geometry.arcs] : geometry.arcs;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      const points = ring.flatMap((index, i) => arcPoints(index).slice(i === 0 ? 0 : 1));
      // a ring that runs along the antimeridian jumps from 180° to -180°: the line across the map is left out
      const drawn = points.map((p, i) => (i > 0 && Math.abs(p[0] - points[i - 1][0]) > 180 ? 'M' : i === 0 ? 'M' : 'L') + point(p));
      rings.push(`${drawn.join('')}Z`);
    }
  }
}
const out = `/**
 * The land of the world at 1:110m, in an equirectangular projection (viewBox 0 0 360 180: one unit a degree,
 * x from 180° W, y from 90° N). Made by scripts/world-map.mjs from world-atlas 2.0.2's land-110m.json.
 * Source: Natural Earth (naturalearthdata.com), 1:110m physical vectors, version 4.1.0, in the public domain.
 * world-atlas: ISC licence, Copyright 2013-2019 Michael Bostock. Bundled so the viewer shows a place with
 * no network call ([Note: offline map]).
 */
export const LAND_PATH =
  '${rings.join('')}';
`;
writeFileSync(new URL('../src-renderer/src/features/viewer/world-map/land-110m.ts', import.meta.url), out);
console.log(`${rings.length} rings, ${out.length} characters`);
