// Types of the integration-index core: an indicator system of two subsystems and a panel of
// units × years, stored column-wise (one Float64Array per indicator) so that 2,000 units ×
// 10 years × 40 indicators is a few flat passes.

export type Direction = 'positive' | 'negative';

export interface Indicator {
  readonly key: string;
  readonly name?: string;
  readonly nameEn?: string;
  readonly unit?: string;
  readonly direction: Direction;
}

/** A pairwise comparison matrix (Saaty's 1–9 scale) over a subsystem's indicators, in order. */
export type PairwiseMatrix = readonly (readonly number[])[];

export interface Subsystem {
  readonly key: string;
  readonly name?: string;
  readonly nameEn?: string;
  readonly indicators: readonly Indicator[];
  /** AHP judgements over `indicators` in the same order; needed for ahp and combined weights. */
  readonly ahp?: PairwiseMatrix;
}

/** The first subsystem is U₁ (manufacturing), the second U₂ (services). */
export interface IndicatorSystem {
  readonly name?: string;
  readonly alpha?: number;
  readonly beta?: number;
  readonly subsystems: readonly [Subsystem, Subsystem];
}

export interface PanelRow {
  readonly unit: string;
  readonly year: number;
  /** Where the row came from (a CSV line), for error messages. */
  readonly line?: number;
  /** Non-indicator columns carried along unchanged (such as `name`). */
  readonly carry: Readonly<Record<string, string>>;
}

export interface Panel {
  readonly rows: readonly PanelRow[];
  /** Raw values per indicator key, one entry per row; NaN marks a missing value. */
  readonly values: ReadonlyMap<string, Float64Array>;
}

export type WeightMethod = 'entropy' | 'ahp' | 'combined';

export interface WeightOptions {
  readonly method: WeightMethod;
  /** For combined: the share of AHP, w = s·w_ahp + (1 − s)·w_entropy; 0.5 unless given. */
  readonly ahpShare?: number;
}
