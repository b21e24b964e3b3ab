// The C-MAPSS record shape (Saxena, Goebel, Simon & Eklund, "Damage propagation modeling for
// aircraft engine run-to-failure simulation", PHM08): per unit a run of cycles, each with three
// operational settings and 21 sensor readings. Loaders build it; the RUL core consumes it.

export const SETTINGS = 3;
export const SENSORS = 21;

/** The 14 sensors that change with degradation (numbers 1-based as in the NASA readme). */
export const INFORMATIVE_SENSORS = [2, 3, 4, 7, 8, 9, 11, 12, 13, 14, 15, 17, 20, 21] as const;

export interface EngineUnit {
  unit: number;
  /** Cycle count; cycles run 1..length. */
  length: number;
  /** Row-major `length × 3`. */
  settings: Float64Array;
  /** Row-major `length × 21`; column j is sensor j+1. */
  sensors: Float64Array;
}

/** Capped piecewise-linear target (Heimes, PHM08; Babu et al. 2016): min(life left, cap). */
export function cappedRul(length: number, cycleIndex: number, cap: number): number {
  return Math.min(cap, length - 1 - cycleIndex);
}
