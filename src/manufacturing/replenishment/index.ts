// Demand-driven replenishment core (pure): forecasts and the (R, S) order-up-to policy.
export { forecastDemand, type Forecast, type ForecastMethod } from './forecast.ts';
export {
  orderUpTo,
  proposeOne,
  proposeReplenishment,
  type ReplenishmentInput,
  type ReplenishmentPolicy,
  type ReplenishmentProposal,
} from './order-up-to.ts';
