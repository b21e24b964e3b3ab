// The order-flow calls of the console: quotes, materials, purchase orders, requirements, issue.
import { request } from '../api/client';
import type { Material, OrderMaterials, PurchaseOrder, Quote, Requirements } from './flow-types';
import type { Configuration, CustomerOrder } from './types';

const p = '/api/v1/manufacturing';
const get = <T>(path: string) => request<T>('get', `${p}${path}`);
const post = <T>(path: string, body: unknown = {}) => request<T>('post', `${p}${path}`, { body });
const id = encodeURIComponent;

export const flowApi = {
  quotes: () => get<Quote[]>('/quotes'),
  createQuote: (body: { modelId: string; configuration: Configuration; quantity: number }) =>
    post<Quote>('/quotes', body),
  accept: (quoteId: string, dueAt: number) =>
    post<CustomerOrder>(`/quotes/${id(quoteId)}/accept`, { dueAt }),
  materials: () => get<Material[]>('/materials'),
  requirements: () => get<Requirements>('/material-requirements'),
  purchaseOrders: () => get<PurchaseOrder[]>('/purchase-orders'),
  createPurchaseOrder: (body: { item: string; quantity: number; dueAt: number }) =>
    post<PurchaseOrder>('/purchase-orders', body),
  receive: (poId: string) => post<PurchaseOrder>(`/purchase-orders/${id(poId)}/receive`),
  orderMaterials: (orderId: string) =>
    get<OrderMaterials>(`/production-orders/${id(orderId)}/materials`),
  issue: (
    orderId: string,
    lines: { item: string; quantity: number; lot?: string; serials?: string[] }[],
  ) => post<OrderMaterials>(`/production-orders/${id(orderId)}/materials/issue`, { lines }),
};

/** Whole fen as yuan with two decimals and the locale's separators: 652116 → ¥6,521.16, a
 * discount −16721 → −¥167.21. */
export const yuan = (fen: number): string =>
  `${fen < 0 ? '−' : ''}¥${new Intl.NumberFormat('zh-CN', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(Math.abs(fen) / 100)}`;
