// The one migration set for both dialects. Append new migrations; never edit a released one.
import type { Kysely } from 'kysely';
import type { Capabilities } from '../database.ts';
import * as m001 from './001-core.ts';
import * as m002 from './002-telemetry.ts';

export interface MigrationModule {
  up(db: Kysely<unknown>, caps: Capabilities): Promise<void>;
}

export const migrations: Record<string, MigrationModule> = {
  '001-core': m001,
  '002-telemetry': m002,
  '003-monitoring': await import('./003-monitoring.ts'),
  '004-energy': await import('./004-energy.ts'),
  '005-manufacturing': await import('./005-manufacturing.ts'),
  '006-phm': await import('./006-phm.ts'),
  '007-telemetry-clustered': await import('./007-telemetry-clustered.ts'),
  '008-telemetry-days-from-hours': await import('./008-telemetry-days-from-hours.ts'),
  '009-monitoring-subscriptions': await import('./009-monitoring-subscriptions.ts'),
  '010-monitoring-derived-channels': await import('./010-monitoring-derived-channels.ts'),
  '011-telemetry-log-uncompressed': await import('./011-telemetry-log-uncompressed.ts'),
  '012-assets-last-seen': await import('./012-assets-last-seen.ts'),
  '013-password-must-change': await import('./013-password-must-change.ts'),
  '014-service': await import('./014-service.ts'),
  '015-time-zones': await import('./015-time-zones.ts'),
  '017-telemetry-channel-retention': await import('./017-telemetry-channel-retention.ts'),
  '018-service-plans': await import('./018-service-plans.ts'),
  '019-service-kpi': await import('./019-service-kpi.ts'),
  '020-apikey-line-mapping': await import('./020-apikey-line-mapping.ts'),
  '022-alarm-journal-webhooks': await import('./022-alarm-journal-webhooks.ts'),
  '023-phm-on-assets': await import('./023-phm-on-assets.ts'),
  '025-manufacturing-flow': await import('./025-manufacturing-flow.ts'),
  '026-region': await import('./026-region.ts'),
  '027-connectors': await import('./027-connectors.ts'),
  '028-security-policy': await import('./028-security-policy.ts'),
  '029-energy-invoices': await import('./029-energy-invoices.ts'),
  '032-connector-reports': await import('./032-connector-reports.ts'),
  '033-mfa-admins': await import('./033-mfa-admins.ts'),
  '034-personal-data-audit-export': await import('./034-personal-data-audit-export.ts'),
  '035-cluster-points': await import('./035-cluster-points.ts'),
  '036-audit-retention': await import('./036-audit-retention.ts'),
  '037-actor-labels': await import('./037-actor-labels.ts'),
  '041-cluster-failover': await import('./041-cluster-failover.ts'),
  '042-cluster-rollups': await import('./042-cluster-rollups.ts'),
  '043-telemetry-chunk-last-value': await import('./043-telemetry-chunk-last-value.ts'),
  '044-cluster-partition-fences': await import('./044-cluster-partition-fences.ts'),
  '045-rule-holds': await import('./045-rule-holds.ts'),
  '046-telemetry-series-keyed': await import('./046-telemetry-series-keyed.ts'),
};
