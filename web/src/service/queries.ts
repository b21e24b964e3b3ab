// Reads and writes of /api/v1/service (query keys under ['service', …]). The OpenAPI document has
// no types for these routes yet, so they go through the client's untyped request().
import { useQuery } from '@tanstack/react-query';
import { request } from '../api/client';
import type {
  HistoryEntry,
  Part,
  Reservation,
  Suggestion,
  Technician,
  WorkOrder,
  WorkOrderState,
} from './types';

const base = '/api/v1/service';
const enc = encodeURIComponent;

export const keys = {
  all: ['service'] as const,
  orders: ['service', 'work-orders'] as const,
  order: (id: string) => ['service', 'work-orders', id] as const,
};

export const useWorkOrders = (status?: string) =>
  useQuery({
    queryKey: [...keys.orders, { status }],
    queryFn: () =>
      request<{ items: WorkOrder[] }>(
        'get',
        `${base}/work-orders${status ? `?status=${enc(status)}` : ''}`,
      ).then((r) => r.items),
  });

export const useWorkOrder = (id: string) =>
  useQuery({
    queryKey: keys.order(id),
    queryFn: () => request<WorkOrder>('get', `${base}/work-orders/${enc(id)}`),
  });

export const useHistory = (id: string) =>
  useQuery({
    queryKey: [...keys.order(id), 'history'],
    queryFn: () =>
      request<{ items: HistoryEntry[] }>('get', `${base}/work-orders/${enc(id)}/history`).then(
        (r) => r.items,
      ),
  });

export const useSuggestions = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: [...keys.order(id), 'suggestions'],
    queryFn: () =>
      request<{ suggestions: Suggestion[] }>(
        'get',
        `${base}/work-orders/${enc(id)}/suggestions`,
      ).then((r) => r.suggestions),
    enabled,
  });

export const useReservations = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: [...keys.order(id), 'reservations'],
    queryFn: () =>
      request<{ items: Reservation[] }>('get', `${base}/work-orders/${enc(id)}/reservations`).then(
        (r) => r.items,
      ),
    enabled,
  });

export const useTechnicians = (enabled: boolean) =>
  useQuery({
    queryKey: ['service', 'technicians'],
    queryFn: () =>
      request<{ items: Technician[] }>('get', `${base}/technicians`).then((r) => r.items),
    enabled,
    staleTime: 60_000,
  });

export const useParts = (enabled: boolean) =>
  useQuery({
    queryKey: ['service', 'parts'],
    queryFn: () => request<{ items: Part[] }>('get', `${base}/parts`).then((r) => r.items),
    enabled,
    staleTime: 60_000,
  });

export const transition = (o: WorkOrder, to: WorkOrderState) =>
  request<WorkOrder>('post', `${base}/work-orders/${enc(o.id)}/transitions`, {
    body: { to, version: o.version },
  });

export const assign = (o: WorkOrder, technicianId: string) =>
  request<WorkOrder>('post', `${base}/work-orders/${enc(o.id)}/assign`, {
    body: { technicianId, version: o.version },
  });

export const requestService = (body: {
  assetId: string;
  title: string;
  description?: string;
  priority?: string;
}) => request<WorkOrder>('post', `${base}/requests`, { body });

/** The assets in scope (name, serial), for labels and the request form; one page of 500. */
export interface AssetRow {
  id: string;
  name: string;
  serial: string;
  customerId: string | null;
}
export const useAssets = () =>
  useQuery({
    queryKey: ['service', 'assets'],
    queryFn: () =>
      request<{ items: AssetRow[] }>('get', '/api/v1/assets?pageSize=500&sort=name').then(
        (r) => r.items,
      ),
    staleTime: 60_000,
  });
