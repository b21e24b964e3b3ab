// The paging convention of the API's growing lists (alarms, statements, orders, assessments,
// work orders, audit): `limit` (1–1000) and an opaque `cursor`; the answer is
// `{ items, nextCursor }`, and `nextCursor` (null on the last page) fetches the next page with
// the same filters and sort. A cursor holds the last row's sort value and id (keyset paging),
// so rows added meanwhile neither repeat nor shift a page. Assets, which the console pages by
// number, keep `page`/`pageSize` with `total`.
import { Type, type TSchema } from '@sinclair/typebox';
import { RongheError } from '../kernel/index.ts';

export const PageQuery = {
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 1000, description: 'rows per page (default 100)' }),
  ),
  cursor: Type.Optional(
    Type.String({ maxLength: 500, description: '`nextCursor` of the previous page' }),
  ),
  order: Type.Optional(
    Type.Union([Type.Literal('asc'), Type.Literal('desc')], { description: 'default desc' }),
  ),
};

export const CursorPage = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: 'pass as `cursor` for the next page; null on the last page',
    }),
  });

export interface Keyset {
  value: number;
  id: string;
}

export const encodeCursor = (k: Keyset): string =>
  Buffer.from(JSON.stringify([k.value, k.id])).toString('base64url');

/** The keyset in a cursor; a cursor that is not one of ours is a 400 naming `cursor`. */
export function decodeCursor(cursor: string): Keyset {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string')
      return { value: v[0], id: v[1] };
  } catch {
    // fall through to the error below
  }
  throw new RongheError(
    'RONGHE_VALIDATION',
    { en: 'cursor: not a cursor this list answered', 'zh-CN': 'cursor：不是此列表给出的游标' },
    [{ field: 'cursor', reason: 'invalid' }],
  );
}

/** The answer for one page: `nextCursor` from the last row when more rows follow. */
export function pageOf<T extends { id: string }>(
  items: T[],
  more: boolean,
  valueOf: (row: T) => number,
): { items: T[]; nextCursor: string | null } {
  const last = items.at(-1);
  return {
    items,
    nextCursor: more && last ? encodeCursor({ value: valueOf(last), id: last.id }) : null,
  };
}
