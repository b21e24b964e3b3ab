// The region context (issue #22): a province's pilot programmes for the integration of advanced
// manufacturing and modern services — programmes, batches and pilot units, periodic reports and
// their review, yearbook statistics, grants by which an enterprise tenant shares aggregate
// platform indicators with the programme's region tenant, and the evaluation of the integration
// index (entropy/AHP weights, coupling coordination) by the pure core in ./evaluate.
export * from './evaluate/index.ts';
export * from './store/index.ts';
export {
  PLATFORM_INDICATOR_KEYS,
  platformIndicators,
  type PlatformIndicators,
  type PlatformSources,
  type StatementSource,
} from './platform.ts';
export { REGION_DEMO_ADMIN_EMAIL, REGION_DEMO_TENANT, seedRegionDemo } from './demo-seed.ts';
