export * from './trigger.ts';
export * from './store.ts';
export * from './scheduler.ts';
