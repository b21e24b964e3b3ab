// The manufacturing calls of the console, typed with ./types (one place for the paths).
import { ApiError, request } from '../api/client';
import type {
  Configuration,
  ConfiguredProduct,
  CustomerOrder,
  DayLoad,
  Gantt,
  Plan,
  ProductModel,
  ProductionOrder,
  Proposal,
  StationOee,
  WhatIf,
  WipOrder,
} from './types';

const p = '/api/v1/manufacturing';
const get = <T>(path: string) => request<T>('get', `${p}${path}`);
const post = <T>(path: string, body: unknown = {}) => request<T>('post', `${p}${path}`, { body });

export const mfgKey = ['manufacturing'] as const;

export const mfgApi = {
  models: () => get<ProductModel[]>('/models'),
  configure: (modelId: string, configuration: Configuration, quantity: number) =>
    post<ConfiguredProduct>(`/models/${encodeURIComponent(modelId)}/configure`, {
      configuration,
      quantity,
    }),
  customerOrders: () => get<CustomerOrder[]>('/customer-orders'),
  createCustomerOrder: (body: {
    modelId: string;
    configuration: Configuration;
    quantity: number;
    dueAt: number;
    reference?: string;
  }) => post<CustomerOrder>('/customer-orders', body),
  release: (id: string) =>
    post<ProductionOrder>(`/customer-orders/${encodeURIComponent(id)}/release`),
  // The newest 500 (the list is paged by cursor), shown oldest first as before.
  productionOrders: async () =>
    (await get<{ items: ProductionOrder[] }>('/production-orders?limit=500')).items.reverse(),
  wip: () => get<WipOrder[]>('/wip'),
  plan: (body: {
    horizonDays?: number;
    timeLimitMs?: number;
    objective?: 'tardiness' | 'makespan';
    transferBatch?: number;
  }) => post<Plan>('/plans', body),
  /** The current plan, or null before the first one (404). */
  currentPlan: () =>
    get<Plan>('/plans/current').catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }),
  gantt: () => get<Gantt>('/gantt'),
  move: (body: { orderId: string; op: number; station: string; start: number }) =>
    post<Plan & { moved: { station: string; start: number; end: number } }>(
      '/plans/current/move',
      body,
    ),
  whatIf: (body: {
    timeLimitMs?: number;
    extraShifts?: { station: string; start: number; end: number }[];
  }) => post<WhatIf>('/what-if', body),
  oee: (from: number, to: number) => get<StationOee[]>(`/oee?from=${from}&to=${to}`),
  capacity: (from: number, days: number) =>
    get<{ planId: string | null; stations: DayLoad[]; lines: DayLoad[] }>(
      `/capacity?from=${from}&days=${days}`,
    ),
  proposals: (status?: string) =>
    get<Proposal[]>(`/replenishment/proposals${status ? `?status=${status}` : ''}`),
  decide: (id: string, decision: 'accept' | 'reject') =>
    post<unknown>(`/replenishment/proposals/${encodeURIComponent(id)}/${decision}`),
};
