// What the shop floor reported so far, per production order operation: the start (station and
// time) and the finish (time, quantity, scrap). Planning pins started operations and drops
// finished ones; execution checks transitions against it; the Gantt draws it as actual bars.
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { mfg } from './store.ts';

export interface OpState {
  station: string;
  startedAt: number;
  finishedAt?: number;
  quantity?: number;
  scrap?: number;
}

/** Key `${orderId}/${op}`. */
export type ShopState = Map<string, OpState>;

export const opKey = (orderId: string, op: number) => `${orderId}/${op}`;

export async function shopState(db: Db, scope: Scope, orderIds?: string[]): Promise<ShopState> {
  let q = mfg(db).selectFrom('mfg_events').selectAll().where('tenant_id', '=', scope.tenantId);
  if (orderIds) q = q.where('production_order_id', 'in', orderIds.length ? orderIds : ['']);
  const events = await q.orderBy('at').orderBy('created_at').execute();
  const state: ShopState = new Map();
  for (const e of events) {
    const key = opKey(e.production_order_id, e.op);
    if (e.kind === 'start') state.set(key, { station: e.station, startedAt: Number(e.at) });
    const s = state.get(key);
    if (e.kind === 'finish' && s) {
      Object.assign(s, { finishedAt: Number(e.at), quantity: e.quantity, scrap: e.scrap });
    }
  }
  return state;
}
