// CSV at the HTTP edge: request bodies arrive as bytes in whatever charset the sender's Excel
// wrote and leave here as text (kernel/charset.ts); responses are UTF-8 with a byte-order mark
// so that Excel opens them as UTF-8, unless the caller asks `?bom=false`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { CHARSET_NAMES, UTF8_BOM, charsetOf, decodeText } from '../kernel/index.ts';

export const CSV_TYPES = ['text/csv', 'application/csv'];

/** The charset a request names: `?charset=` first, then the Content-Type's charset parameter. */
function namedCharset(req: FastifyRequest) {
  const q = (req.query as Record<string, unknown> | undefined)?.charset;
  if (typeof q === 'string' && q !== '') return charsetOf(q, 'charset');
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(req.headers['content-type'] ?? '');
  return m?.[1] ? charsetOf(m[1], 'content-type charset') : undefined;
}

/** Registers the text/csv body parser: raw bytes → text, or a 400 naming the bad line. */
export function registerCsvBodies(app: FastifyInstance): void {
  app.addContentTypeParser(CSV_TYPES, { parseAs: 'buffer' }, (req, body, done) => {
    try {
      done(null, decodeText(body as Buffer, namedCharset(req)).text);
    } catch (e) {
      done(e as Error, undefined);
    }
  });
}

/** Query parameters of a CSV import route (for validation and the OpenAPI document). */
export const CsvImportQuery = {
  charset: Type.Optional(
    Type.String({
      description: `Encoding of the body: ${CHARSET_NAMES.join(', ')}. Default: detected (UTF-8 with or without BOM, else GB18030/GBK).`,
    }),
  ),
};

/** Query parameters of a CSV export route. */
export const CsvExportQuery = {
  bom: Type.Optional(
    Type.Boolean({ description: 'Start with a UTF-8 byte-order mark (default true, for Excel).' }),
  ),
};

/** The byte-order mark a CSV response starts with: U+FEFF unless `bom` is false. */
export const csvBom = (bom: boolean | undefined): string => (bom === false ? '' : UTF8_BOM);

/** Prefixes a streamed CSV body with its byte-order mark. */
export async function* withCsvBom(
  rows: AsyncIterable<string> | Iterable<string>,
  bom: boolean | undefined,
): AsyncGenerator<string> {
  const mark = csvBom(bom);
  if (mark) yield mark;
  yield* rows;
}
