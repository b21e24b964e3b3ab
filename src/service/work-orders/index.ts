export * from './states.ts';
export * from './view.ts';
export * from './store.ts';
export * from './queries.ts';
export * from './sources.ts';
export * from './automation.ts';
export * from './rul-watch.ts';
export * from './alarm-link.ts';
