export * from './rank.ts';
export * from './technicians.ts';
