export * from './kpis.ts';
export * from './csv.ts';
export {
  serviceKpis,
  serviceKpisBy,
  kpiDimensions,
  type KpiQuery,
  type KpiDimension,
  type KpiGroup,
  type KpiReport,
  type KpiMode,
} from './load.ts';
