export * from './kpis.ts';
export { serviceKpis, type KpiQuery } from './load.ts';
