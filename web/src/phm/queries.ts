// The PHM reads shared by the screens: registry, assessments and the names of the assets.
import { api } from '../api/client';
import type { AssetModel, AssetPage } from '../api/types';
import type { Assessment, FleetHealth, RegisteredModel, Schedule } from './types';

export const modelsKey = ['phm', 'models'] as const;
export const assessmentsKey = ['phm', 'assessments'] as const;

export const fetchModels = async (): Promise<RegisteredModel[]> =>
  (await api.get<'/api/v1/phm/models', { items: RegisteredModel[] }>('/api/v1/phm/models')).items;

export const fetchAssessments = async (): Promise<Assessment[]> =>
  (
    await api.get<'/api/v1/phm/assessments', { items: Assessment[] }>('/api/v1/phm/assessments', {
      query: { limit: 1000 },
    })
  ).items;

/** Under assessmentsKey, so whatever assesses (and invalidates the log) refreshes it too. */
export const fleetHealthKey = [...assessmentsKey, 'fleet'] as const;

export const fetchFleetHealth = async (): Promise<FleetHealth[]> =>
  (await api.get<'/api/v1/phm/health', { items: FleetHealth[] }>('/api/v1/phm/health')).items;

export const fetchAssetModels = (): Promise<AssetModel[]> =>
  api.get<'/api/v1/asset-models', AssetModel[]>('/api/v1/asset-models');

/** Assets of the given asset model (first 500: the ranking's scale). */
export const fetchAssets = async (modelId?: string): Promise<AssetPage['items']> =>
  (
    await api.get('/api/v1/assets', {
      query: { level: 'asset', pageSize: 500, ...(modelId ? { modelId } : {}) },
    })
  ).items;

export const schedulesKey = ['phm', 'schedules'] as const;

export const fetchSchedules = async (): Promise<Schedule[]> =>
  (await api.get<'/api/v1/phm/schedules', { items: Schedule[] }>('/api/v1/phm/schedules')).items;
