// Helpers of the OpenAPI contract test (test/openapi-contract.test.ts): the operations of the
// document, ids of the demo tenant harvested from its lists, and documented examples made
// concrete by putting the demo's ids where the example has illustrative ones.

export interface Media {
  schema?: Record<string, unknown>;
  example?: unknown;
  examples?: Record<string, unknown>;
}
export interface Parameter {
  in: string;
  name: string;
  example?: unknown;
  schema?: { example?: unknown; examples?: unknown[] };
}
export interface Operation {
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { description?: string; content?: Record<string, Media> }>;
  'x-contract'?: 'safe';
}
export type Doc = { paths: Record<string, Record<string, Operation>> };

export const operations = (doc: Doc) =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );

/** The example of a parameter, wherever the document put it. */
export const exampleOf = (p: Parameter): unknown =>
  p.example ?? p.schema?.example ?? p.schema?.examples?.[0];

/** The documented example of a request body, wherever the document put it. */
export const bodyExampleOf = (m: Media | undefined): unknown =>
  m &&
  (m.example ??
    Object.values(m.examples ?? {})[0] ??
    (m.schema?.examples as unknown[] | undefined)?.[0] ??
    m.schema?.example);

/** The first id a list answers, for operations addressed by one. */
export function firstId(body: unknown): string | undefined {
  const list = Array.isArray(body)
    ? body
    : ((body as { items?: unknown[] } | null)?.items ?? undefined);
  const first = list?.[0] as { id?: unknown } | undefined;
  return typeof first?.id === 'string' ? first.id : undefined;
}

/** Our ids: a two-letter kind, an underscore and 16 base-32 characters (kernel/ids.ts). */
const ID = /^([a-z]{2})_[0-9a-z]{16}$/;
/** An alarm's id: its asset, its rule and when it was raised (`as_…/rule/ms`), kind `alarm`. */
const ALARM_ID = /^[a-z]{2}_[0-9a-z]{16}\/[^/]+\/\d+$/;
const kindOf = (s: string) => (ALARM_ID.test(s) ? 'alarm' : ID.exec(s)?.[1]);

/** Prefixes two kinds share: `pm` a product model (manufacturing) and a PHM model, `ct` a
 * connector and a checklist template. Their ids are told apart by the API area they came from. */
const SHARED = new Set(['pm', 'ct']);
/** `/api/v1/phm/models/{id}` → `/api/v1/phm` */
export const areaOf = (path: string) => path.split('/').slice(0, 4).join('/');

/** Ids by kind prefix (`as` → asset ids…), gathered from any JSON the demo answers. */
export class IdBook {
  private readonly byKind = new Map<string, { id: string; area: string }[]>();

  /** Ids in `value` answered in `area`; `first` for what the walk itself created, which later
   * calls then address (a work order it opened is open, where the demo's first one may be
   * closed). */
  add(value: unknown, first = false, area = ''): void {
    if (typeof value === 'string') {
      const kind = kindOf(value);
      if (!kind) return;
      const list = (this.byKind.get(kind) ?? []).filter((x) => !first || x.id !== value);
      if (first) list.unshift({ id: value, area });
      else if (!list.some((x) => x.id === value)) list.push({ id: value, area });
      this.byKind.set(kind, list);
    } else if (Array.isArray(value)) for (const v of value.slice(0, 50)) this.add(v, first, area);
    else if (value && typeof value === 'object')
      for (const v of Object.values(value)) this.add(v, first, area);
  }

  /** A demo id of the kind of `example` (for a shared prefix, one from `area` if any), or
   * undefined when the demo has none. */
  like(example: string, area = ''): string | undefined {
    const kind = kindOf(example);
    const list = kind ? this.byKind.get(kind) : undefined;
    if (!list) return undefined;
    return ((SHARED.has(kind!) && list.find((x) => x.area === area)) || list[0])?.id;
  }

  /** `value` with every illustrative id replaced by a demo id of the same kind, or by the demo
   * record `pinned` names for it (test/contract-demo.ts). */
  concrete(value: unknown, area = '', pinned?: ReadonlyMap<string, string>): unknown {
    if (typeof value === 'string') return pinned?.get(value) ?? this.like(value, area) ?? value;
    if (Array.isArray(value)) return value.map((v) => this.concrete(v, area, pinned));
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, this.concrete(v, area, pinned)]),
      );
    return value;
  }
}

/** Writes before changes before deletions, so what a later call needs is still there. A PUT
 * of a whole collection (`PUT …/materials`: stock counts) writes what later POSTs need (a
 * purchase order of a material), so it goes with the writes. */
export const mutationOrder = (method: string, path = '') =>
  method === 'PUT' && !path.includes('{')
    ? 0
    : ({ POST: 0, PUT: 1, PATCH: 2, DELETE: 3 }[method] ?? 4);

/** The changes in the order the walk sends them: by `mutationOrder`, in the document's order
 * within each, except the deletions, which run in reverse, as a teardown: what was made last
 * and rests on what came before (a device on an asset, an asset of a model and a customer)
 * goes first. */
export const walkOrder = <T extends { method: string; path: string }>(ops: readonly T[]): T[] =>
  ops
    .map((o, i) => ({ o, i }))
    .sort(
      (a, b) =>
        mutationOrder(a.o.method, a.o.path) - mutationOrder(b.o.method, b.o.path) ||
        (a.o.method === 'DELETE' ? b.i - a.i : a.i - b.i),
    )
    .map(({ o }) => o);

/** `/api/v1/customers/{id}` → `/api/v1/customers`: the collection a record's route is in. */
export const collectionOf = (path: string) => path.replace(/\/\{\w+\}$/, '');
