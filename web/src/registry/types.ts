// Shapes of the administration answers (src/server/routes/identity.ts, assets.ts).
import type { Res } from '../api/client';

export type User = Res<'/api/v1/users', 'get'>[number];
export type Customer = Res<'/api/v1/customers', 'get'>[number];

/** GET /api/v1/devices (src/assets/devices.ts Device). */
export interface Device {
  id: string;
  assetId: string;
  name: string;
  createdAt: number;
  lastSeenAt: number | null;
}

/** GET /api/v1/audit (src/identity/audit.ts AuditRecord). */
export interface AuditRecord {
  id: string;
  actor: string;
  /** The user's name now; null for a deleted user or an actor that is no user. */
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  details: unknown;
  at: number;
}

/** POST /api/v1/assets/import (src/assets/csv.ts). */
export interface ImportReport {
  ok: number;
  failed: number;
  rows: Array<{
    index: number;
    status: 'ok' | 'failed' | 'insufficient-data';
    value?: { line: number; serial: string; action?: 'created' | 'updated'; id?: string };
    reason?: string;
  }>;
}
