// Multinomial logistic regression on standardised features, fitted by full-batch gradient
// descent with Adam steps (Kingma & Ba, ICLR 2015) and an L2 penalty. Deterministic: weights
// start at zero and the data order does not matter.

export interface SoftmaxModel {
  classes: string[];
  mean: number[];
  sd: number[];
  /** Row per class: weights for each feature, then the bias. */
  weights: number[][];
}

export interface SoftmaxOptions {
  iterations?: number;
  learningRate?: number;
  l2?: number;
}

function standardiser(x: readonly number[][]): { mean: number[]; sd: number[] } {
  const d = x[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const r of x) r.forEach((v, j) => (mean[j] = (mean[j] as number) + v / x.length));
  for (const r of x)
    r.forEach((v, j) => (sd[j] = (sd[j] as number) + (v - (mean[j] as number)) ** 2 / x.length));
  return { mean, sd: sd.map((v) => (v > 1e-12 ? Math.sqrt(v) : 1)) };
}

/** Class probabilities for one feature row. */
export function softmaxProbabilities(m: SoftmaxModel, row: readonly number[]): number[] {
  const z = row.map((v, j) => (v - (m.mean[j] as number)) / (m.sd[j] as number));
  const logits = m.weights.map((w) =>
    z.reduce((s, v, j) => s + v * (w[j] as number), w[z.length] as number),
  );
  const mx = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - mx));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

export function trainSoftmax(
  x: readonly number[][],
  labels: readonly string[],
  opts: SoftmaxOptions = {},
): SoftmaxModel {
  const classes = [...new Set(labels)].sort();
  const { mean, sd } = standardiser(x);
  const d = mean.length;
  const m: SoftmaxModel = {
    classes,
    mean,
    sd,
    weights: classes.map(() => new Array<number>(d + 1).fill(0)),
  };
  const y = labels.map((l) => classes.indexOf(l));
  const iters = opts.iterations ?? 400;
  const lr = opts.learningRate ?? 0.05;
  const l2 = opts.l2 ?? 1e-3;
  const size = classes.length * (d + 1);
  const mom = new Float64Array(size);
  const vel = new Float64Array(size);
  for (let it = 1; it <= iters; it++) {
    const grad = new Float64Array(size);
    x.forEach((row, i) => {
      const p = softmaxProbabilities(m, row);
      const z = row.map((v, j) => (v - (mean[j] as number)) / (sd[j] as number));
      p.forEach((pc, c) => {
        const g = (pc - (c === y[i] ? 1 : 0)) / x.length;
        for (let j = 0; j < d; j++)
          grad[c * (d + 1) + j] = (grad[c * (d + 1) + j] as number) + g * (z[j] as number);
        grad[c * (d + 1) + d] = (grad[c * (d + 1) + d] as number) + g;
      });
    });
    m.weights.forEach((w, c) => {
      for (let j = 0; j <= d; j++) {
        const k = c * (d + 1) + j;
        const g = (grad[k] as number) + (j < d ? l2 * (w[j] as number) : 0);
        mom[k] = 0.9 * (mom[k] as number) + 0.1 * g;
        vel[k] = 0.999 * (vel[k] as number) + 0.001 * g * g;
        const mh = (mom[k] as number) / (1 - 0.9 ** it);
        const vh = (vel[k] as number) / (1 - 0.999 ** it);
        w[j] = (w[j] as number) - (lr * mh) / (Math.sqrt(vh) + 1e-8);
      }
    });
  }
  return m;
}
