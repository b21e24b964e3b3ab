import type { AssetId, AssetModelId, CustomerId } from '../kernel/index.ts';

export type PropertyType = 'number' | 'string' | 'boolean';
export type ChannelType = 'float' | 'integer' | 'boolean';

export interface PropertyDef {
  key: string;
  name: string;
  unit?: string;
  dataType: PropertyType;
  min?: number;
  max?: number;
}

export interface ChannelDef {
  key: string;
  name: string;
  unit?: string;
  dataType: ChannelType;
  min?: number;
  max?: number;
  /** Expected seconds between samples; monitoring uses it for no-data detection. */
  expectedIntervalS?: number;
}

export interface AssetModel {
  id: AssetModelId;
  name: string;
  category: string;
  description: string;
  properties: PropertyDef[];
  channels: ChannelDef[];
  allowNewChannels: boolean;
  createdAt: number;
  updatedAt: number;
}

/** Hierarchy levels, top to bottom: a parent is always on a higher level than its child. */
export const assetLevels = ['site', 'system', 'asset', 'component'] as const;
export type AssetLevel = (typeof assetLevels)[number];

/**
 * Lifecycle stages of a product in the field. `under_maintenance` ⇄ `in_service` may repeat;
 * `retired` is final.
 */
export const lifecycleStages = [
  'manufactured',
  'delivered',
  'installed',
  'in_service',
  'under_maintenance',
  'retired',
] as const;
export type LifecycleStage = (typeof lifecycleStages)[number];

export const lifecycleTransitions: Record<LifecycleStage, readonly LifecycleStage[]> = {
  manufactured: ['delivered', 'retired'],
  delivered: ['installed', 'retired'],
  installed: ['in_service', 'retired'],
  in_service: ['under_maintenance', 'retired'],
  under_maintenance: ['in_service', 'retired'],
  retired: [],
};

export type PropertyValue = number | string | boolean;

export interface Asset {
  id: AssetId;
  modelId: AssetModelId | null;
  customerId: CustomerId | null;
  parentId: AssetId | null;
  level: AssetLevel;
  name: string;
  serial: string;
  site: string;
  latitude: number | null;
  longitude: number | null;
  installDate: string | null;
  lifecycle: LifecycleStage;
  properties: Record<string, PropertyValue>;
  createdAt: number;
  updatedAt: number;
  /** When the asset last sent telemetry (epoch ms, updated at most once a minute); null if never. */
  lastSeenAt: number | null;
}

export interface AssetInput {
  name: string;
  serial: string;
  modelId?: string | null;
  customerId?: string | null;
  parentId?: string | null;
  level?: AssetLevel;
  site?: string;
  latitude?: number | null;
  longitude?: number | null;
  installDate?: string | null;
  lifecycle?: LifecycleStage;
  properties?: Record<string, PropertyValue>;
}

export interface LifecycleEvent {
  id: string;
  from: LifecycleStage | null;
  to: LifecycleStage;
  at: number;
  actor: string;
  note: string;
}
