// The assets context's reads, shared by the fleet overview and the asset page.
import { useQuery } from '@tanstack/react-query';
import { queryClient } from '../shell/query-client';
import { api } from '../api/client';
import { openAlarmList } from '../api/alarm-list';
import type { AssetModel, AssetPage, Customer } from '../api/types';

const allAssets = {
  queryKey: ['assets', 'all'],
  // The demo fleet and a typical tenant fit one page of 500; the list is searched locally.
  queryFn: () =>
    api.get('/api/v1/assets', { query: { pageSize: 500, sort: 'name' } }) as Promise<AssetPage>,
};
export const useAllAssets = () => useQuery(allAssets);

const models = {
  queryKey: ['asset-models'],
  queryFn: () => api.get<'/api/v1/asset-models', AssetModel[]>('/api/v1/asset-models'),
  staleTime: 5 * 60_000,
};
export const useModels = () => useQuery(models);

const customers = {
  queryKey: ['customers'],
  queryFn: () => api.get('/api/v1/customers') as Promise<Customer[]>,
  staleTime: 5 * 60_000,
};
export const useCustomers = () => useQuery(customers);

const openAlarms = {
  queryKey: ['alarms', 'open'],
  queryFn: openAlarmList,
};
export const useOpenAlarms = () => useQuery({ ...openAlarms, refetchInterval: 30_000 });

/** Route loader of the fleet overview and asset page: start their reads with the chunk load. */
export function prefetchFleet(): null {
  void queryClient.prefetchQuery(allAssets);
  void queryClient.prefetchQuery(models);
  void queryClient.prefetchQuery(customers);
  void queryClient.prefetchQuery(openAlarms);
  return null;
}
