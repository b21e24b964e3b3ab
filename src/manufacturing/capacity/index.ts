// Capacity core (pure): shift calendars, load per station and line per day, and the mapping of
// production orders to a scheduler instance and back.
export { workingWindows, mergeWindows, overlapMs, type Shift, type Window } from './calendar.ts';
export { loadPerDay, type DayLoad, type PlannedBar, type StationLoadInput } from './load.ts';
export {
  buildPlanInstance,
  decodeSchedule,
  subLotSizes,
  type PlanOrder,
  type PlanOperation,
  type PlannedOperation,
  type PlanStation,
  type SubLot,
} from './plan-instance.ts';
export {
  explainLateOrders,
  type LateBottleneck,
  type LateCause,
  type LateOrder,
} from './explain-late.ts';
