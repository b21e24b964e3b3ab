// Shapes of answers that the OpenAPI document leaves open (the route returns a service object
// without a response schema). Kept here, next to the generated schema, until the server
// declares them; each names the route it describes.
import type { Res } from './client';

export type Asset = Res<'/api/v1/assets/{id}', 'get'>;
export type AssetPage = Res<'/api/v1/assets', 'get'>;
export type Customer = Res<'/api/v1/customers', 'get'>[number];

/** GET /api/v1/auth/me */
export interface Principal {
  kind: 'user' | 'apikey' | 'device';
  userId?: string;
  tenantId: string | null;
  role: string;
  customerIds: string[] | null;
  /** `user:<id>` for a user (records name users by id), `apikey:<name>` for a key. */
  label: string;
  /** A user's own e-mail and name. */
  email?: string;
  name?: string;
  /** Separation of duties is on where this administrator works: accounts and audit go elsewhere. */
  separated?: boolean;
}

/** GET /api/v1/asset-models */
export interface AssetModel {
  id: string;
  name: string;
  category: string;
  description?: string;
  properties: Array<{ key: string; name: string; unit?: string; dataType: string }>;
  channels: Array<{
    key: string;
    name: string;
    unit?: string;
    dataType: string;
    min?: number;
    max?: number;
    expectedIntervalS?: number;
  }>;
}

/** GET /api/v1/assets/{id}/lifecycle */
export interface LifecycleEvent {
  id: string;
  from: string | null;
  to: string;
  at: number;
  actor: string;
  /** The user's name now; null for a deleted user or an actor that is no user. */
  actorName: string | null;
  note?: string | null;
}

export type Severity = 'critical' | 'major' | 'minor' | 'warning';
export type AlarmStatus = 'active' | 'acknowledged' | 'cleared-unacknowledged' | 'cleared';

/** GET /api/v1/alarms (src/monitoring/alarms/types.ts Alarm, plus status). */
export interface Alarm {
  id: string;
  asset: string;
  ruleId: string;
  severity: Severity;
  active: boolean;
  acknowledged: boolean;
  raisedAt: number;
  lastRaisedAt: number;
  repeatCount: number;
  clearedAt?: number;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  assignee?: string;
  acknowledgedByName?: string | null;
  comments: Array<{ at: number; by: string; byName?: string | null; text: string }>;
  escalationLevel: number;
  suppressedBy?: { kind: 'maintenance' | 'shelved'; by: string; reason: string };
  value?: number;
  status: AlarmStatus;
}

/** A frame of GET /api/v1/alarms/stream. */
export interface AlarmChange {
  change: string;
  at: number;
  alarm: Alarm;
}

/** A frame of GET /api/v1/telemetry/stream (event: points). */
export interface LivePoint {
  assetId: string;
  channel: string;
  ts: number;
  value: number;
}

/** GET /api/v1/alarms/kpis (ISA-18.2 §16.9 performance metrics). */
export interface AlarmKpis {
  activations: number;
  alarmsPer10MinPerOperator: number;
  peakPer10Min: number;
  floodIntervals: number;
  percentTimeInFlood: number;
  staleAlarms: number;
  chatteringAlarms: string[];
  topAlarms: Array<{ key: string; count: number }>;
  topTenSharePercent: number;
  badActors: Array<{ key: string; count: number }>;
}

/** GET /api/v1/api-keys */
export interface ApiKey {
  id: string;
  name: string;
  role: string;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revoked: boolean;
}
