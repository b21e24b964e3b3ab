// The demo records that documented examples are written for (issue #17), for the OpenAPI
// contract walk (test/openapi-contract.test.ts). The walk puts a demo id of the same kind where
// an example has an illustrative one, which is right as long as any record of the kind will do;
// an example that starts an assigned work order, consumes a reservation or transfers stock from
// the depot to a van needs one particular record. Each entry names, for one operation, the demo
// record (src/service/demo-seed.ts, src/demo-monitoring.ts) that stands for a path parameter
// (`{id}`) or for an illustrative id of the body, found through the API the way a person would
// find it: a work order by its title, a warehouse by its name, a part by its SKU. The walk then
// does not depend on which record a list happens to answer first, nor on what an earlier call
// changed.

/** A GET through the walk's session, answering the JSON. */
export type Get = (url: string) => Promise<unknown>;
/** The id of one demo record, or undefined when the demo has none (the walk reports a gap). */
export type Finder = (get: Get) => Promise<string | undefined>;

const items = async (get: Get, url: string) => {
  const body = (await get(url)) as { items?: unknown[] } | unknown[];
  return (Array.isArray(body) ? body : (body.items ?? [])) as Array<Record<string, unknown>>;
};
const idWhere =
  (url: string, field: string, value: string): Finder =>
  async (get) =>
    (await items(get, url)).find((x) => x[field] === value)?.id as string | undefined;

/** A demo work order by its title (src/service/demo-seed.ts). */
const workOrder = (title: string) =>
  idWhere('/api/v1/service/work-orders?limit=500', 'title', title);
/** Something listed under a work order (`/work-orders/{id}/<what>`): the first, or the first
 * whose `field` is `value` (a string, or a demo record's id). */
const ofWorkOrder =
  (title: string, what: string, where?: [field: string, value: string | Finder]): Finder =>
  async (get) => {
    const id = await workOrder(title)(get);
    if (!id) return undefined;
    const listed = await items(get, `/api/v1/service/work-orders/${id}/${what}`);
    if (!where) return listed[0]?.id as string | undefined;
    const [field, value] = where;
    const want = typeof value === 'string' ? value : await value(get);
    return listed.find((x) => x[field] === want)?.id as string | undefined;
  };
/** The first record a list answers. */
const first =
  (url: string): Finder =>
  async (get) =>
    (await items(get, url))[0]?.id as string | undefined;
const warehouse = (name: string) => idWhere('/api/v1/service/warehouses', 'name', name);
const part = (sku: string) => idWhere('/api/v1/service/parts', 'sku', sku);
const asset = (serial: string) => idWhere('/api/v1/assets?pageSize=500', 'serial', serial);
const customerOf =
  (serial: string): Finder =>
  async (get) =>
    (await items(get, '/api/v1/assets?pageSize=500')).find((a) => a.serial === serial)
      ?.customerId as string | undefined;

const DEPOT = '苏州中心库 Suzhou depot';
const VAN = '李伟 van';

/** By operation (`<METHOD> <path>`): what stands for a path parameter or an example's id. */
export const DEMO_RECORDS: Readonly<Record<string, Readonly<Record<string, Finder>>>> = {
  // a renewal for 2028 of one chiller's contract, for the chiller's own customer
  'POST /api/v1/service/contracts': {
    cu_6pyahv3rg2mx9k9d: customerOf('CHL-0001'),
    as_f7r41hrfc78mws06: asset('CHL-0001'),
  },
  // assigned, so work can start (the example's answer is in progress)
  'POST /api/v1/service/work-orders/{id}/transitions': {
    '{id}': workOrder('Condenser approach temperature high'),
  },
  // a new order, dispatched to Li Wei
  'POST /api/v1/service/work-orders/{id}/assign': {
    '{id}': workOrder('COP below 3.0 for 20 minutes'),
    te_0c4aq9zbedemqdrw: idWhere('/api/v1/service/technicians', 'name', '李伟 Li Wei'),
  },
  // the bearing job takes a bearing from the depot
  'POST /api/v1/service/reservations': {
    wo_s1wq0t5aw5by23r6: workOrder('Bearing vibration rising'),
    pt_jjz6kvr6w0t334m4: part('BRG-6205'),
    wh_y6a10dv998n8j2x0: warehouse(DEPOT),
  },
  // the bearing it reserved from Li Wei's van went into the machine
  'POST /api/v1/service/reservations/{id}/consume': {
    '{id}': ofWorkOrder('Bearing vibration rising', 'reservations', [
      'warehouseId',
      warehouse(VAN),
    ]),
  },
  // the held order gives its bearing back to the depot while it waits
  'POST /api/v1/service/reservations/{id}/release': {
    '{id}': ofWorkOrder('Waiting for customer access', 'reservations'),
  },
  // the depot refills the van's bearings
  'POST /api/v1/service/stock/transfer': {
    pt_jjz6kvr6w0t334m4: part('BRG-6205'),
    wh_y6a10dv998n8j2x0: warehouse(DEPOT),
    wh_0d09fdtsw20a82xz: warehouse(VAN),
  },
  // two valves were drawn for the replacement, one was spare
  'POST /api/v1/service/stock/return': {
    wo_s1wq0t5aw5by23r6: workOrder('Expansion valve replaced'),
    pt_jjz6kvr6w0t334m4: part('EXV-25'),
    wh_y6a10dv998n8j2x0: warehouse(DEPOT),
  },
  // the general visit's steps on the planned inspection
  'POST /api/v1/service/work-orders/{id}/checklist': {
    '{id}': workOrder('Annual inspection'),
    ct_7y2k4m9q1w3e5r8t: idWhere(
      '/api/v1/service/checklist-templates',
      'name',
      '上门检查 General visit',
    ),
  },
  // the quarterly checklist's pressure step of the condenser job
  'PATCH /api/v1/service/work-orders/{id}/checklist/{itemId}': {
    '{id}': workOrder('Condenser approach temperature high'),
    '{itemId}': ofWorkOrder('Condenser approach temperature high', 'checklist', [
      'text',
      '检查冷媒压力 Check refrigerant pressure',
    ]),
  },
  // the done order, with the customer's signature captured and not yet signed off
  'POST /api/v1/service/work-orders/{id}/sign-off': {
    '{id}': workOrder('Refrigerant leak repaired'),
    at_2q4w6e8r0t1y3u5i: ofWorkOrder('Refrigerant leak repaired', 'attachments', [
      'kind',
      'signature',
    ]),
  },
  // the signature the closed order was signed off with
  'GET /api/v1/service/attachments/{id}': {
    '{id}': ofWorkOrder('Expansion valve replaced', 'attachments', ['kind', 'signature']),
  },
  // the depot webhook's refused delivery (src/demo-monitoring.ts), retried (and refused again,
  // so it stays listed) and then dropped
  'POST /api/v1/alarm-subscriptions/dead-letters/{id}/retry': {
    '{id}': first('/api/v1/alarm-subscriptions/dead-letters'),
  },
  'DELETE /api/v1/alarm-subscriptions/dead-letters/{id}': {
    '{id}': first('/api/v1/alarm-subscriptions/dead-letters'),
  },
};

/** The record each pinned name of an operation stands for, `{param}` or illustrative id. */
export async function demoRecordsOf(name: string, get: Get): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [key, find] of Object.entries(DEMO_RECORDS[name] ?? {})) {
    const id = await find(get);
    if (id !== undefined) out.set(key, id);
  }
  return out;
}

/** `path` with each pinned `{param}` replaced by its record's id. */
export const pinnedPath = (path: string, records: ReadonlyMap<string, string>) =>
  [...records].reduce(
    (url, [key, id]) => (key.startsWith('{') ? url.replace(key, encodeURIComponent(id)) : url),
    path,
  );
