// Rules in the database: per asset model (inherited) and per asset (overrides). A rule is
// validated before it is stored when the caller passes the asset layout and properties, so a
// bad rule is refused with its position instead of failing later in the ingest path. Every
// create, update and removal is written to the audit log in the same transaction (issue #18).
import type { Kysely } from 'kysely';
import { recordAudit } from '../../identity/index.ts';
import type { TenantId } from '../../kernel/index.ts';
import type { Database, Db } from '../../storage/index.ts';
import type { MonitoringTables } from '../../storage/monitoring-schema.ts';
import type { ChannelLayout } from '../expressions/index.ts';
import { compileRule, resolveRules, type RuleOverride, type RuleSpec } from '../rules/index.ts';

export type RuleScope = { scope: 'model'; modelId: string } | { scope: 'asset'; assetId: string };

export interface RuleStore {
  save(
    where: RuleScope,
    rule: RuleOverride,
    by: string,
    at: number,
    validateWith?: { layout: ChannelLayout; properties?: Record<string, number> },
  ): Promise<void>;
  /** Removes the rule; false when there was none. */
  remove(where: RuleScope, ruleId: string, by: string): Promise<boolean>;
  list(where: RuleScope): Promise<RuleOverride[]>;
  /** The rules of one asset: its model's with its own overrides applied. */
  resolved(modelId: string | undefined, assetId: string): Promise<RuleSpec[]>;
  /**
   * `resolved` for many assets over one read of the tenant's rules: a runtime build asked two
   * queries an asset, 200,000 for 100,000 assets at every start (issue 21).
   */
  snapshot(): Promise<(modelId: string | undefined, assetId: string) => RuleSpec[]>;
}

/** The rules of one asset, by its model and id (RuleStore.resolved, or a snapshot's). */
export type RuleResolver = (
  modelId: string | undefined,
  assetId: string,
) => RuleSpec[] | Promise<RuleSpec[]>;

const scopeId = (w: RuleScope) => (w.scope === 'model' ? w.modelId : w.assetId);

export function createRuleStore(db: Db, tenantId: string): RuleStore {
  const k: Kysely<Database & MonitoringTables> = db.kysely.withTables<MonitoringTables>();
  const list = async (w: RuleScope) => {
    const rows = await k
      .selectFrom('monitoring_rules')
      .select('spec')
      .where('tenant_id', '=', tenantId)
      .where('scope', '=', w.scope)
      .where('scope_id', '=', scopeId(w))
      .orderBy('rule_id')
      .execute();
    return rows.map((r) => JSON.parse(r.spec) as RuleOverride);
  };
  return {
    async save(where, rule, by, at, validateWith) {
      if (validateWith && !('disabled' in rule))
        compileRule(rule, validateWith.layout, validateWith.properties);
      const row = {
        tenant_id: tenantId,
        scope: where.scope,
        scope_id: scopeId(where),
        rule_id: rule.id,
        spec: JSON.stringify(rule),
        updated_at: at,
        updated_by: by,
      };
      await k.transaction().execute(async (tx) => {
        const before = await tx
          .selectFrom('monitoring_rules')
          .select('spec')
          .where('tenant_id', '=', tenantId)
          .where('scope', '=', where.scope)
          .where('scope_id', '=', row.scope_id)
          .where('rule_id', '=', rule.id)
          .executeTakeFirst();
        await tx
          .insertInto('monitoring_rules')
          .values(row)
          .onConflict((oc) =>
            oc
              .columns(['tenant_id', 'scope', 'scope_id', 'rule_id'])
              .doUpdateSet({ spec: row.spec, updated_at: at, updated_by: by }),
          )
          .execute();
        await recordAudit(tx as unknown as Kysely<Database>, {
          tenantId: tenantId as TenantId,
          actor: by,
          action: before ? 'rule.update' : 'rule.create',
          entityType: 'rule',
          entityId: `${where.scope}:${row.scope_id}/${rule.id}`,
          details: before
            ? { before: JSON.parse(before.spec) as unknown, after: rule }
            : { after: rule },
        });
      });
    },
    async remove(where, ruleId, by) {
      return k.transaction().execute(async (tx) => {
        const gone = await tx
          .deleteFrom('monitoring_rules')
          .where('tenant_id', '=', tenantId)
          .where('scope', '=', where.scope)
          .where('scope_id', '=', scopeId(where))
          .where('rule_id', '=', ruleId)
          .returning('spec')
          .executeTakeFirst();
        if (!gone) return false;
        await recordAudit(tx as unknown as Kysely<Database>, {
          tenantId: tenantId as TenantId,
          actor: by,
          action: 'rule.delete',
          entityType: 'rule',
          entityId: `${where.scope}:${scopeId(where)}/${ruleId}`,
          details: { before: JSON.parse(gone.spec) as unknown },
        });
        return true;
      });
    },
    list,
    async snapshot() {
      const rows = await k
        .selectFrom('monitoring_rules')
        .select(['scope', 'scope_id', 'spec'])
        .where('tenant_id', '=', tenantId)
        .orderBy('rule_id')
        .execute();
      const byScope = new Map<string, RuleOverride[]>();
      for (const r of rows) {
        const key = `${r.scope}\u0000${r.scope_id}`;
        let list = byScope.get(key);
        if (!list) byScope.set(key, (list = []));
        list.push(JSON.parse(r.spec) as RuleOverride);
      }
      const of = (scope: string, id: string) => byScope.get(`${scope}\u0000${id}`) ?? [];
      const modelRules = (modelId: string | undefined) =>
        resolveRules(
          (modelId === undefined ? [] : of('model', modelId)).filter(
            (r): r is RuleSpec => !('disabled' in r),
          ),
          [],
        );
      // An asset without overrides gets its model's array itself: programs are cached by it.
      const byModel = new Map<string | undefined, RuleSpec[]>();
      return (modelId, assetId) => {
        const own = of('asset', assetId);
        if (own.length > 0) return resolveRules(modelRules(modelId), own);
        let rules = byModel.get(modelId);
        if (!rules) byModel.set(modelId, (rules = modelRules(modelId)));
        return rules;
      };
    },
    async resolved(modelId, assetId) {
      const model = modelId === undefined ? [] : await list({ scope: 'model', modelId });
      const own = await list({ scope: 'asset', assetId });
      return resolveRules(
        model.filter((r): r is RuleSpec => !('disabled' in r)),
        own,
      );
    },
  };
}
