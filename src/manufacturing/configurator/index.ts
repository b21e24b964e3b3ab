// Product configurator core (pure): options, rules between them and BOM/routing generation.
export type * from './model.ts';
export { configure, resolveConfiguration, ruleViolations, skuOf, holds } from './configure.ts';
export { validateModelSpec } from './validate-model.ts';
export {
  priceConfiguration,
  validatePricing,
  breakFor,
  type QuoteLine,
  type QuoteLineKind,
  type PricedConfiguration,
} from './pricing.ts';
