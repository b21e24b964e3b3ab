export * from './programmes.ts';
export * from './units.ts';
export * from './reports.ts';
export * from './statistics.ts';
export * from './evaluation.ts';
export * from './grants.ts';
