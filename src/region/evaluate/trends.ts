// Rankings, year-on-year change and trends of D per unit, and the same for groups of units
// (a city, a cluster) as the mean D of their members each year.

export interface Scored {
  readonly unit: string;
  readonly year: number;
  readonly D: number;
}

export interface Ranked extends Scored {
  /** 1 = highest D among the units of that year (ties share the better rank). */
  readonly rank: number;
  /** D minus the unit's D the year before; null in its first year or after a gap. */
  readonly change: number | null;
}

export function rankAndChange(rows: readonly Scored[]): Ranked[] {
  const byYear = new Map<number, number[]>();
  rows.forEach((r, i) => {
    const list = byYear.get(r.year) ?? [];
    list.push(i);
    byYear.set(r.year, list);
  });
  const rank = new Int32Array(rows.length);
  for (const list of byYear.values()) {
    list.sort((a, b) => rows[b]!.D - rows[a]!.D);
    list.forEach((i, k) => {
      const prev = list[k - 1];
      // Ties share the better rank (1, 2, 2, 4).
      rank[i] = prev !== undefined && rows[prev]!.D === rows[i]!.D ? rank[prev]! : k + 1;
    });
  }
  const before = new Map(rows.map((r) => [`${r.unit}\u0000${r.year}`, r.D]));
  return rows.map((r, i) => {
    const last = before.get(`${r.unit}\u0000${r.year - 1}`);
    return { ...r, rank: rank[i]!, change: last === undefined ? null : r.D - last };
  });
}

/** Least-squares slope of D per year (0 with fewer than two years). */
export function slope(points: readonly { year: number; D: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.year, 0) / n;
  const my = points.reduce((s, p) => s + p.D, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.year - mx) * (p.D - my);
    sxx += (p.year - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : 0;
}

export interface Trend {
  readonly key: string;
  readonly series: { year: number; D: number }[];
  /** Change of D per year, least squares over the series. */
  readonly slope: number;
}

/** Trend per group; `groupOf` maps a unit to its group (itself, its city, its cluster). */
export function trends(
  rows: readonly Scored[],
  groupOf: (unit: string) => string | undefined,
): Trend[] {
  const acc = new Map<string, Map<number, { sum: number; n: number }>>();
  for (const r of rows) {
    const g = groupOf(r.unit);
    if (g === undefined) continue;
    const years = acc.get(g) ?? new Map<number, { sum: number; n: number }>();
    const cell = years.get(r.year) ?? { sum: 0, n: 0 };
    cell.sum += r.D;
    cell.n += 1;
    years.set(r.year, cell);
    acc.set(g, years);
  }
  return [...acc].map(([key, years]) => {
    const series = [...years]
      .map(([year, c]) => ({ year, D: c.sum / c.n }))
      .sort((a, b) => a.year - b.year);
    return { key, series, slope: slope(series) };
  });
}
