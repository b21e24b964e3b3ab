// Feature binning for histogram gradient boosting (the LightGBM idea: Ke et al., "LightGBM: a
// highly efficient gradient boosting decision tree", NeurIPS 2017, §2): each feature is cut at up
// to `bins − 1` quantile edges once, so that split search scans bins instead of sorted values.

/** A row-major matrix of `rows × cols` numbers. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export interface Binned {
  /** Column-major bin codes: code of row r in feature f at `f * rows + r`. */
  codes: Uint8Array;
  /** Per feature, ascending cut values; code b means value ≤ edges[b] (and > edges[b−1]). */
  edges: Float64Array[];
}

/** Quantile cut values of one column, taken from a sorted sample of at most 20,000 rows. */
function columnEdges(m: Matrix, f: number, bins: number): Float64Array {
  const step = Math.max(1, Math.floor(m.rows / 20000));
  const vals: number[] = [];
  for (let r = 0; r < m.rows; r += step) vals.push(m.data[r * m.cols + f] as number);
  vals.sort((a, b) => a - b);
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) {
    const v = vals[Math.floor((b * vals.length) / bins)] as number;
    if (edges.length === 0 || v > (edges[edges.length - 1] as number)) edges.push(v);
  }
  const last = vals[vals.length - 1] as number;
  if (edges.length > 0 && (edges[edges.length - 1] as number) >= last) edges.pop();
  return Float64Array.from(edges);
}

/** Number of edges strictly below x: the bin code of x. */
export function binOf(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((edges[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function binMatrix(m: Matrix, bins: number): Binned {
  if (bins < 2 || bins > 256) throw new RangeError('bins must be in 2..256');
  const codes = new Uint8Array(m.rows * m.cols);
  const edges: Float64Array[] = [];
  for (let f = 0; f < m.cols; f++) {
    const e = columnEdges(m, f, bins);
    edges.push(e);
    for (let r = 0; r < m.rows; r++)
      codes[f * m.rows + r] = binOf(e, m.data[r * m.cols + f] as number);
  }
  return { codes, edges };
}
