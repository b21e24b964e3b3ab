// Manufacturing context: agile production of customised orders — configurator, orders,
// replenishment, the shop-floor scheduler, execution and OEE. This file is the context's only
// public surface. The scheduler (./scheduler) is a pure analytics core: flexible job-shop
// instances (.fjs parsing), schedule validation, an anytime tabu-search solver with release and
// due dates, sequence-dependent setups, machine calendars and rescheduling after disruptions.
export * from './scheduler/index.ts';
export * from './configurator/index.ts';
export * from './replenishment/index.ts';
export * from './materials/index.ts';
export * from './capacity/index.ts';
export * from './execution/index.ts';
export * from './service/index.ts';
export { seedManufacturingDemo } from './demo-seed.ts';
