// Demand forecasts per period (day) for order-up-to replenishment.
// - Simple exponential smoothing (Brown 1959; Hyndman & Athanasopoulos, "Forecasting:
//   Principles and Practice", 3rd ed., §8.1): level ℓ_t = α·y_t + (1−α)·ℓ_{t−1}, ℓ_0 = y_0;
//   the forecast for every future period is the last level.
// - Moving average of the last n periods.
// σ is the root mean square of the one-step-ahead forecast errors over the history, the usual
// estimate of the per-period forecast error used for safety stock (Silver, Pyke & Thomas 2017,
// "Inventory and Production Management in Supply Chains", §6.5).

export type ForecastMethod =
  { kind: 'ses'; alpha: number } | { kind: 'moving-average'; periods: number };

export interface Forecast {
  /** Expected demand per period. */
  perPeriod: number;
  /** Standard deviation of the one-step forecast error per period. */
  sigma: number;
  /** Number of one-step errors behind sigma. */
  errors: number;
}

function sesForecast(history: number[], alpha: number): Forecast {
  let level = history[0]!;
  let sq = 0;
  for (let t = 1; t < history.length; t++) {
    const y = history[t]!;
    sq += (y - level) ** 2;
    level = alpha * y + (1 - alpha) * level;
  }
  const errors = history.length - 1;
  return { perPeriod: level, sigma: errors > 0 ? Math.sqrt(sq / errors) : 0, errors };
}

function movingAverageForecast(history: number[], n: number): Forecast {
  const mean = (from: number, to: number) => {
    let s = 0;
    for (let i = from; i < to; i++) s += history[i]!;
    return s / (to - from);
  };
  let sq = 0;
  let errors = 0;
  for (let t = n; t < history.length; t++) {
    sq += (history[t]! - mean(t - n, t)) ** 2;
    errors++;
  }
  const k = Math.min(n, history.length);
  return {
    perPeriod: mean(history.length - k, history.length),
    sigma: errors > 0 ? Math.sqrt(sq / errors) : 0,
    errors,
  };
}

/** Forecast from a non-empty per-period demand history (oldest first). */
export function forecastDemand(history: number[], method: ForecastMethod): Forecast {
  if (history.length === 0) return { perPeriod: 0, sigma: 0, errors: 0 };
  switch (method.kind) {
    case 'ses':
      return sesForecast(history, method.alpha);
    case 'moving-average':
      return movingAverageForecast(history, method.periods);
  }
}
