// Issue 26 (GB/T 22239-2019 8.1.4.3 a–b): a refused MQTT CONNECT is audited as a failed login —
// outcome, source address, client id and the token's key id, never its secret — and a client
// retrying with a bad token adds one record, then one count, per minute.
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import type { World } from '../../test/http.ts';
import { createApiKey, revokeApiKey } from '../identity/index.ts';
import { startBrokerWorld, type BrokerWorld } from './broker-world.ts';
import { keyIdOf } from './connect-audit.ts';

interface Row {
  tenant_id: string | null;
  actor: string;
  entity_id: string;
  details: Record<string, unknown>;
}

describeEachDatabase('refused MQTT CONNECTs audited', (t) => {
  let world: BrokerWorld;
  let w: World;

  beforeAll(async () => {
    world = await startBrokerWorld(t);
    ({ w } = world);
  });
  afterAll(async () => {
    await world.close();
  });

  const refusedConnect = (clientId: string, password: string) =>
    expect(
      mqtt.connectAsync(world.url, { username: 'u', password, clientId, reconnectPeriod: 0 }),
    ).rejects.toThrow();

  async function records(clientId?: string): Promise<Row[]> {
    let q = w.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'mqtt.connect.refused')
      .orderBy('seq');
    if (clientId) q = q.where('entity_id', '=', clientId);
    return (await q.execute()).map((r) => ({
      tenant_id: r.tenant_id,
      actor: r.actor,
      entity_id: r.entity_id,
      details: JSON.parse(r.details ?? '{}') as Record<string, unknown>,
    }));
  }

  it('records a bad token with address, client id and key id, not the secret', async () => {
    const secret = 'NOTAREALSECRETNOTAREALSECRET2345';
    await refusedConnect('meter-7', `rk_ZZZZ22_${secret}`);
    const [r, ...more] = await records('meter-7');
    expect(more).toEqual([]);
    expect(r!.actor).toBe('key:rk_ZZZZ22');
    expect(r!.details).toMatchObject({
      outcome: 'bad-token',
      clientId: 'meter-7',
      keyId: 'rk_ZZZZ22',
    });
    expect(String(r!.details.address)).toMatch(/127\.0\.0\.1$/);
    const all = await w.db.kysely.selectFrom('audit_log').select('details').execute();
    expect(all.some((a) => a.details?.includes(secret))).toBe(false);
  });

  it('records a revoked key under its own key id', async () => {
    const k = await createApiKey(w.db, w.scopeA, 'tenant_admin', { name: 'old', role: 'engineer' });
    await revokeApiKey(w.db, w.scopeA, k.id);
    await refusedConnect('scada-old', k.key);
    const [r] = await records('scada-old');
    expect(r!.details).toMatchObject({ outcome: 'bad-token', keyId: keyIdOf(k.key) });
    expect(keyIdOf(k.key)).toBe(`rk_${k.prefix}`);
  });

  it('records a refused client id and a key that may not publish with their tenant', async () => {
    const k = await createApiKey(w.db, w.scopeA, 'tenant_admin', { name: 'v', role: 'technician' });
    await refusedConnect('bad/id', k.key);
    expect((await records('bad/id'))[0]!.details).toMatchObject({
      outcome: 'client-id-refused',
    });
    await refusedConnect('viewer-1', k.key);
    const [r] = await records('viewer-1');
    expect(r!.details.outcome).toBe('not-permitted');
    expect(r!.tenant_id).toBe(w.tenantA.id);
  });

  it('aggregates a flood: one record, then the count of the rest', async () => {
    for (let i = 0; i < 12; i++) await refusedConnect(`flood-${i}`, 'rk_FLOOD2_whatever');
    const flood = () => records().then((rs) => rs.filter((r) => r.actor === 'key:rk_FLOOD2'));
    expect(await flood()).toHaveLength(1);
    await world.refusals.flush(true);
    const [first, summary, ...rest] = await flood();
    expect(rest).toEqual([]);
    expect(first!.entity_id).toBe('flood-0');
    expect(summary!.details).toMatchObject({ outcome: 'bad-token', repeated: 11 });
  });
});
