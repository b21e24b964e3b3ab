// Product models of the configurator: options with their values, rules between options, and
// the templates from which a configuration generates its bill of materials and routing.

/** A condition on one option: holds when the chosen value of `option` is one of `values`. */
export interface Condition {
  option: string;
  values: string[];
}

/**
 * Rules between options (the classic configurator constraint kinds):
 * - requires: when `if` holds, `then` must hold;
 * - excludes: when `if` holds, `then` must not hold;
 * - only-if: the choice `choice` is allowed only if `if` holds.
 */
export type OptionRule =
  | { kind: 'requires'; id: string; if: Condition; then: Condition }
  | { kind: 'excludes'; id: string; if: Condition; then: Condition }
  | { kind: 'only-if'; id: string; choice: Condition; if: Condition };

export interface OptionValue {
  code: string;
  name?: string;
}

export interface ProductOption {
  key: string;
  name?: string;
  /** A required option must be chosen; an optional one may be left out. */
  required: boolean;
  values: OptionValue[];
  /** Chosen when the option is left out (must be one of `values`). */
  default?: string;
}

/**
 * One line of the bill of materials. `item` may hold `{option}` placeholders replaced by the
 * chosen value codes (e.g. `SHELL-{fabric}-{colour}`). The quantity per piece is `quantity`,
 * or taken from `quantityBy` for the chosen value of one option (fabric metres per size).
 */
export interface BomTemplate {
  item: string;
  unit: string;
  quantity?: number;
  quantityBy?: { option: string; quantities: Record<string, number> };
  when?: Condition;
}

export interface StationTime {
  /** Station code (a station of the tenant). */
  station: string;
  /** Processing minutes per piece on this station. */
  minutesPerUnit: number;
  /** Set-up minutes once per production order. */
  setupMinutes?: number;
}

/** One operation of the routing; skipped unless `when` holds (embroidery only if chosen). */
export interface RoutingTemplate {
  operation: string;
  stations: StationTime[];
  when?: Condition;
}

export interface ProductModelSpec {
  code: string;
  name: string;
  options: ProductOption[];
  rules: OptionRule[];
  bom: BomTemplate[];
  routing: RoutingTemplate[];
  /**
   * Sequence-dependent set-up: a station switching between orders whose value of `option`
   * differs (a colour or fabric change) needs `minutes` of changeover first.
   */
  changeover?: { option: string; minutes: number };
  /** The price list of the model (absent: the model cannot be quoted). */
  pricing?: Pricing;
  /**
   * A serialised product: each good unit of a finished production order becomes an asset
   * (lifecycle `manufactured`) with serial `<serialPrefix>…` unless the station reports serials.
   */
  serialised?: { serialPrefix: string; assetModelId?: string };
}

/**
 * Price rules beside the option prices:
 * - surcharge: `amountFen` per piece when every condition holds (options that combine, e.g.
 *   GORE fabric with name embroidery needs a different needle);
 * - quantity-break: a discount in basis points (1/100 %) on the goods amount, the break with
 *   the largest `minQuantity` not above the quoted quantity applying.
 */
export type PriceRule =
  | { kind: 'surcharge'; id: string; when: Condition[]; amountFen: number }
  | {
      kind: 'quantity-break';
      id: string;
      breaks: { minQuantity: number; discountBp: number }[];
    };

/** Money in integer fen (kernel/money.ts); prices per piece, as the price list states them. */
export interface Pricing {
  basePriceFen: number;
  optionPrices: { option: string; value: string; priceFen: number }[];
  rules: PriceRule[];
  /** Days a quote stays valid when the quote names no date (default 30). */
  validityDays?: number;
}

/** Chosen value code per option key. */
export type Configuration = Record<string, string>;

export interface BomLine {
  item: string;
  unit: string;
  /** Quantity for the whole order (per piece × pieces). */
  quantity: number;
  perPiece: number;
}

export interface RoutingStep {
  operation: string;
  stations: StationTime[];
  /** Changeover family (e.g. `colour=RED`) and minutes when a station switches to it. */
  changeover?: { family: string; minutes: number };
}

export interface ConfiguredProduct {
  configuration: Configuration;
  /** Stock-keeping unit: model code and chosen values, e.g. `DJ01-M-DOWN90-RED-none`. */
  sku: string;
  bom: BomLine[];
  routing: RoutingStep[];
}
