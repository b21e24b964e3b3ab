// The tenant's reference lists that many screens pick from — asset models, every asset (up to
// 500), customers — each under one query key, so the screens share one cached answer.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { AssetModel, AssetPage } from '../api/types';

export const useAssetModels = () =>
  useQuery({
    queryKey: ['asset-models'],
    queryFn: () => api.get<'/api/v1/asset-models', AssetModel[]>('/api/v1/asset-models'),
  });

export const useAllAssets = (enabled = true) =>
  useQuery({
    queryKey: ['assets', 'all'],
    queryFn: () =>
      api.get('/api/v1/assets', { query: { pageSize: 500, sort: 'name' } }) as Promise<AssetPage>,
    enabled,
  });

export const useCustomers = () =>
  useQuery({ queryKey: ['registry', 'customers'], queryFn: () => api.get('/api/v1/customers') });
