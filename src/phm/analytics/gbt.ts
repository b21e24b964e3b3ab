// Gradient-boosted regression trees with squared loss (Friedman, "Greedy function approximation:
// a gradient boosting machine", Ann. Stat. 2001, Algorithm 2 "LS_Boost"), grown depth-wise on
// feature histograms with the sibling-subtraction trick and L2-regularised leaf values (Chen &
// Guestrin, "XGBoost", KDD 2016, eq. 5–7). Row and column subsampling per tree (stochastic
// gradient boosting, Friedman 2002) use a seeded generator, so a seed fixes the model.
import { binMatrix, type Binned, type Matrix } from './gbt-binning.ts';
import { createRng, type Rng } from './rng.ts';

export interface GbtParams {
  trees: number;
  learningRate: number;
  maxDepth: number;
  minLeaf: number;
  lambda: number;
  subsample: number;
  colsample: number;
  bins: number;
  seed: number;
  /** With a validation set: stop after this many trees without a new best. */
  patience?: number;
}

/** One tree as parallel arrays; a node is a leaf when feature[i] = −1. Left branch: x ≤ threshold. */
export interface GbtTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface GbtModel {
  base: number;
  trees: GbtTree[];
}

interface Hist {
  g: Float64Array;
  n: Float64Array;
}

interface Ctx {
  x: Binned;
  rows: number;
  grad: Float64Array;
  features: number[];
  p: GbtParams;
  nb: number;
}

function histogram(ctx: Ctx, idx: Uint32Array): Hist {
  const size = ctx.x.edges.length * ctx.nb;
  const h: Hist = { g: new Float64Array(size), n: new Float64Array(size) };
  for (const f of ctx.features) {
    const codes = ctx.x.codes.subarray(f * ctx.rows, (f + 1) * ctx.rows);
    const off = f * ctx.nb;
    for (let k = 0; k < idx.length; k++) {
      const r = idx[k] as number;
      const b = off + (codes[r] as number);
      h.g[b] = (h.g[b] as number) + (ctx.grad[r] as number);
      h.n[b] = (h.n[b] as number) + 1;
    }
  }
  return h;
}

function subtract(a: Hist, b: Hist): Hist {
  const g = a.g.slice();
  const n = a.n.slice();
  for (let i = 0; i < g.length; i++) {
    g[i] = (g[i] as number) - (b.g[i] as number);
    n[i] = (n[i] as number) - (b.n[i] as number);
  }
  return { g, n };
}

interface Split {
  feature: number;
  bin: number;
  gain: number;
}

function bestSplit(ctx: Ctx, h: Hist, gTot: number, nTot: number): Split | undefined {
  const { lambda, minLeaf } = ctx.p;
  const parent = (gTot * gTot) / (nTot + lambda);
  let best: Split | undefined;
  for (const f of ctx.features) {
    const nEdges = (ctx.x.edges[f] as Float64Array).length;
    let gl = 0;
    let nl = 0;
    for (let b = 0; b < nEdges; b++) {
      gl += h.g[f * ctx.nb + b] as number;
      nl += h.n[f * ctx.nb + b] as number;
      const nr = nTot - nl;
      if (nl < minLeaf) continue;
      if (nr < minLeaf) break;
      const gr = gTot - gl;
      const gain = (gl * gl) / (nl + lambda) + (gr * gr) / (nr + lambda) - parent;
      if (gain > 1e-12 && (!best || gain > best.gain)) best = { feature: f, bin: b, gain };
    }
  }
  return best;
}

function grow(ctx: Ctx, tree: GbtTree, idx: Uint32Array, h: Hist, depth: number): number {
  let gTot = 0;
  for (let k = 0; k < idx.length; k++) gTot += ctx.grad[idx[k] as number] as number;
  const node = tree.feature.length;
  tree.feature.push(-1);
  tree.threshold.push(0);
  tree.left.push(-1);
  tree.right.push(-1);
  tree.value.push((-ctx.p.learningRate * gTot) / (idx.length + ctx.p.lambda));
  if (depth >= ctx.p.maxDepth || idx.length < 2 * ctx.p.minLeaf) return node;
  const split = bestSplit(ctx, h, gTot, idx.length);
  if (!split) return node;
  const codes = ctx.x.codes.subarray(split.feature * ctx.rows, (split.feature + 1) * ctx.rows);
  const l: number[] = [];
  const r: number[] = [];
  for (const i of idx) ((codes[i] as number) <= split.bin ? l : r).push(i);
  const li = Uint32Array.from(l);
  const ri = Uint32Array.from(r);
  const small = li.length <= ri.length ? li : ri;
  const hs = histogram(ctx, small);
  const hb = subtract(h, hs);
  tree.feature[node] = split.feature;
  tree.threshold[node] = (ctx.x.edges[split.feature] as Float64Array)[split.bin] as number;
  tree.left[node] = grow(ctx, tree, li, small === li ? hs : hb, depth + 1);
  tree.right[node] = grow(ctx, tree, ri, small === li ? hb : hs, depth + 1);
  return node;
}

export function predictTree(t: GbtTree, row: Float64Array, off: number): number {
  let i = 0;
  while ((t.feature[i] as number) >= 0) {
    const v = row[off + (t.feature[i] as number)] as number;
    i = (v <= (t.threshold[i] as number) ? t.left[i] : t.right[i]) as number;
  }
  return t.value[i] as number;
}

function sampleRows(n: number, frac: number, rng: Rng): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (frac >= 1 || rng() < frac) out.push(i);
  return Uint32Array.from(out);
}

function sampleFeatures(cols: number, frac: number, rng: Rng): number[] {
  const fs: number[] = [];
  for (let f = 0; f < cols; f++) if (frac >= 1 || rng() < frac) fs.push(f);
  return fs.length > 0 ? fs : [Math.floor(rng() * cols)];
}

function bestIndex(xs: readonly number[]): number {
  let best = 0;
  for (let t = 1; t < xs.length; t++) if ((xs[t] as number) < (xs[best] as number)) best = t;
  return best;
}

export interface GbtProgress {
  tree: number;
  validRmse?: number;
}

/**
 * Fits a model to (x, y). With `valid`, also records validation RMSE after each tree and keeps
 * only the trees up to the best one (early stopping on held-out units, never on test data).
 */
export function trainGbt(
  x: Matrix,
  y: Float64Array,
  p: GbtParams,
  valid?: { x: Matrix; y: Float64Array },
  onTree?: (pr: GbtProgress) => void,
): { model: GbtModel; validRmse: number[] } {
  const rng = createRng(p.seed);
  const binned = binMatrix(x, p.bins);
  let base = 0;
  for (const v of y) base += v;
  base /= y.length || 1;
  const pred = new Float64Array(y.length).fill(base);
  const vpred = valid ? new Float64Array(valid.y.length).fill(base) : undefined;
  const model: GbtModel = { base, trees: [] };
  const validRmse: number[] = [];
  const grad = new Float64Array(y.length);
  for (let t = 0; t < p.trees; t++) {
    for (let i = 0; i < y.length; i++) grad[i] = (pred[i] as number) - (y[i] as number);
    const ctx: Ctx = { x: binned, rows: x.rows, grad, p, nb: p.bins, features: [] };
    ctx.features = sampleFeatures(x.cols, p.colsample, rng);
    const idx = sampleRows(x.rows, p.subsample, rng);
    const tree: GbtTree = { feature: [], threshold: [], left: [], right: [], value: [] };
    grow(ctx, tree, idx, histogram(ctx, idx), 0);
    model.trees.push(tree);
    for (let i = 0; i < x.rows; i++)
      pred[i] = (pred[i] as number) + predictTree(tree, x.data, i * x.cols);
    if (valid && vpred) {
      let se = 0;
      for (let i = 0; i < valid.x.rows; i++) {
        vpred[i] = (vpred[i] as number) + predictTree(tree, valid.x.data, i * valid.x.cols);
        se += ((vpred[i] as number) - (valid.y[i] as number)) ** 2;
      }
      validRmse.push(Math.sqrt(se / valid.y.length));
    }
    onTree?.({ tree: t + 1, ...(valid ? { validRmse: validRmse[t] } : {}) });
    if (p.patience !== undefined && valid && t - bestIndex(validRmse) >= p.patience) break;
  }
  if (validRmse.length > 0) model.trees = model.trees.slice(0, bestIndex(validRmse) + 1);
  return { model, validRmse };
}

export function predictGbt(m: GbtModel, x: Matrix): Float64Array {
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let s = m.base;
    for (const t of m.trees) s += predictTree(t, x.data, i * x.cols);
    out[i] = s;
  }
  return out;
}
