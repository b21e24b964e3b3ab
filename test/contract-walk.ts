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

/** Ids by kind prefix (`as` → asset ids…), gathered from any JSON the demo answers. */
export class IdBook {
  private readonly byKind = new Map<string, string[]>();

  /** Ids in `value`; `first` for what the walk itself created, which later calls then address
   * (a work order it opened is open, where the demo's first one may be closed). */
  add(value: unknown, first = false): void {
    if (typeof value === 'string') {
      const kind = kindOf(value);
      if (!kind) return;
      const list = (this.byKind.get(kind) ?? []).filter((x) => !first || x !== value);
      if (first) list.unshift(value);
      else if (!list.includes(value)) list.push(value);
      this.byKind.set(kind, list);
    } else if (Array.isArray(value)) for (const v of value.slice(0, 50)) this.add(v, first);
    else if (value && typeof value === 'object')
      for (const v of Object.values(value)) this.add(v, first);
  }

  /** A demo id of the kind of `example`, or undefined when the demo has none. */
  like(example: string): string | undefined {
    const kind = kindOf(example);
    return kind ? this.byKind.get(kind)?.[0] : undefined;
  }

  /** `value` with every illustrative id replaced by a demo id of the same kind. */
  concrete(value: unknown): unknown {
    if (typeof value === 'string') return this.like(value) ?? value;
    if (Array.isArray(value)) return value.map((v) => this.concrete(v));
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.concrete(v)]));
    return value;
  }
}

/** Writes before changes before deletions, so what a later call needs is still there. */
export const mutationOrder = (method: string) =>
  ({ POST: 0, PUT: 1, PATCH: 2, DELETE: 3 })[method] ?? 4;
