// The alarm journal over HTTP (issue #18): every change of every alarm the caller may see,
// filtered and paged as the alarm list is, each row with its asset's name and serial and its
// rule's name. Times (`from`, `to`) are read by the kernel's one time parser in the request's
// zone (`tz`, else the tenant's).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { getAsset, scopedAssets } from '../../assets/index.ts';
import { withActorNames, type Scope } from '../../identity/index.ts';
import {
  journalActions,
  listJournal,
  type JournalAction,
  type JournalEntry,
  type MonitoringRuntime,
  type TenantMonitor,
} from '../../monitoring/index.ts';
import type { Db } from '../../storage/index.ts';
import { scopeOf } from '../auth.ts';
import { decodeCursor, pageOf, PageQuery } from '../paging.ts';
import { AssetRef, Strict } from '../schemas.ts';
import { parseTimeParam, timeContext, TimeParam, TzParam } from '../time.ts';
import { RuleId } from './monitoring-schemas.ts';

const actionPattern = `^(${journalActions.join('|')})(,(${journalActions.join('|')}))*$`;

export const JournalQuery = Strict({
  assetId: Type.Optional(AssetRef),
  ruleId: Type.Optional(RuleId),
  alarmId: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  action: Type.Optional(
    Type.String({
      maxLength: 300,
      pattern: actionPattern,
      description: `comma-separated: ${journalActions.join(', ')}`,
    }),
  ),
  state: Type.Optional(
    Type.Union([Type.Literal('open'), Type.Literal('closed')], {
      description: "the alarm's state now: open (active or unacknowledged) or closed",
    }),
  ),
  from: Type.Optional(TimeParam),
  to: Type.Optional(TimeParam),
  tz: Type.Optional(TzParam),
  ...PageQuery,
});

/** Asset name and serial, and the rule's name as the asset resolves it (its id when unnamed). */
export async function journalNames(
  db: Db,
  scope: Scope,
  monitor: TenantMonitor,
  rows: JournalEntry[],
) {
  const ids = [...new Set(rows.map((r) => r.asset))];
  const named = ids.length
    ? await scopedAssets(db, scope)
        .select(['id', 'name', 'serial', 'model_id'])
        .where('id', 'in', ids)
        .execute()
    : [];
  const byId = new Map(named.map((r) => [r.id as string, r]));
  const ruleNames = new Map<string, string>();
  for (const a of named)
    for (const rule of await monitor.rules.resolved(a.model_id ?? undefined, a.id))
      ruleNames.set(`${a.id}|${rule.id}`, rule.name ?? rule.id);
  return (await withActorNames(db, rows, ['actor'])).map((r) => ({
    ...r,
    assetName: byId.get(r.asset)?.name ?? null,
    assetSerial: byId.get(r.asset)?.serial ?? null,
    ruleName: ruleNames.get(`${r.asset}|${r.ruleId}`) ?? r.ruleId,
  }));
}

export async function alarmJournalRoutes(
  base: FastifyInstance,
  opts: { db: Db; monitoring: MonitoringRuntime },
) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db, monitoring } = opts;
  app.get(
    '/alarms/journal',
    {
      config: { permission: 'alarm:read' },
      schema: { tags: ['monitoring'], querystring: JournalQuery },
    },
    async (req) => {
      const scope = await scopeOf(db, req);
      const monitor = await monitoring.tenant(scope.tenantId);
      const q = req.query;
      const ctx = await timeContext(db, scope.tenantId, q.tz);
      const assetId = q.assetId ? ((await getAsset(db, scope, q.assetId)).id as string) : undefined;
      const { items, more } = await listJournal(db, scope.tenantId, {
        customerIds: scope.customerIds,
        limit: q.limit ?? 100,
        ...(q.order ? { order: q.order } : {}),
        ...(assetId ? { assetId } : {}),
        ...(q.ruleId ? { ruleId: q.ruleId } : {}),
        ...(q.alarmId ? { alarmId: q.alarmId } : {}),
        ...(q.action ? { actions: q.action.split(',') as JournalAction[] } : {}),
        ...(q.state ? { state: q.state } : {}),
        ...(q.from !== undefined ? { from: parseTimeParam('from', q.from, ctx) } : {}),
        ...(q.to !== undefined ? { to: parseTimeParam('to', q.to, ctx) } : {}),
        ...(q.cursor ? { after: decodeCursor(q.cursor) } : {}),
      });
      return pageOf(await journalNames(db, scope, monitor, items), more, (r) => r.at);
    },
  );
}
