// The tenant's time zone setting (issue 17): read by every role of the tenant (the console shows
// it on every time axis), changed by a tenant admin. Sites (assets' `site`) may keep their own.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { getTimeZones, setTimeZones } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { scopeOf } from '../auth.ts';
import { Strict } from '../schemas.ts';

const Zone = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'IANA time zone name',
  examples: ['Asia/Shanghai'],
});
const Settings = Type.Object(
  {
    timeZone: Zone,
    sites: Type.Array(Type.Object({ site: Type.String(), timeZone: Zone }), {
      description: "sites whose zone differs from the tenant's",
    }),
  },
  {
    examples: [
      { timeZone: 'Asia/Shanghai', sites: [{ site: '柏林工厂', timeZone: 'Europe/Berlin' }] },
    ],
  },
);

export async function timeZoneRoutes(base: FastifyInstance, opts: { db: Db }) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;
  app.get(
    '/settings/time-zone',
    {
      config: { permission: 'tenant:read' },
      schema: {
        tags: ['tenants'],
        summary: "The tenant's time zone",
        description:
          'Days, ISO weeks and months (rollups, shift calendars, energy periods, KPIs) are cut at midnight in this zone, and times given without an offset are read in it.',
        response: { 200: Settings },
      },
    },
    async (req) => getTimeZones(db, (await scopeOf(db, req)).tenantId),
  );
  app.put(
    '/settings/time-zone',
    {
      config: { permission: 'tenant:settings' },
      schema: {
        tags: ['tenants'],
        summary: "Sets the tenant's time zone and sites' zones",
        description:
          'A tenant admin sets the IANA zone (400 naming the field for an unknown one). A site with `timeZone: null` follows the tenant again.',
        body: Strict({
          timeZone: Type.Optional(Zone),
          sites: Type.Optional(
            Type.Array(
              Strict({
                site: Type.String({ minLength: 1, maxLength: 200 }),
                timeZone: Type.Union([Zone, Type.Null()]),
              }),
              { maxItems: 1000 },
            ),
          ),
        }),
        response: { 200: Settings },
      },
    },
    async (req) => {
      const s = await scopeOf(db, req);
      return setTimeZones(db, s.tenantId, req.body, s.actor);
    },
  );
}
