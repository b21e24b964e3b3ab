// Webhook dead letters over HTTP (issue #18): the caller's failed deliveries (after the last
// retry, or refused at once), each retried on demand — one attempt to the subscription's current
// URL, signed with its current secret, under the same delivery id so receivers can de-duplicate
// — or dropped. Owned like subscriptions: another subscriber's dead letter is a 404.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { notFound } from '../../kernel/index.ts';
import type { MonitoringRuntime, StoredDeadLetter } from '../../monitoring/index.ts';
import type { Db } from '../../storage/index.ts';
import { scopeOf } from '../auth.ts';
import { Strict } from '../schemas.ts';

const DeliveryId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9a-f-]+$' });

/** The body as the receiver would have read it (JSON), not a string within JSON. */
const view = ({ body, ...d }: StoredDeadLetter) => ({ ...d, payload: JSON.parse(body) as unknown });

export async function deadLetterRoutes(
  base: FastifyInstance,
  o: { db: Db; monitoring: MonitoringRuntime; subscriberOf(req: FastifyRequest): string },
) {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const owner = async (req: FastifyRequest) => ({
    tenantId: (await scopeOf(o.db, req)).tenantId as string,
    subscriberId: o.subscriberOf(req),
  });
  const config = { permission: 'alarm:read' as const };
  const tags = ['monitoring'];
  const params = Strict({ id: DeliveryId });

  app.get('/alarm-subscriptions/dead-letters', { config, schema: { tags } }, async (req) =>
    (await o.monitoring.deadLetters.list(await owner(req))).map(view),
  );
  app.post(
    '/alarm-subscriptions/dead-letters/:id/retry',
    { config, schema: { tags, params } },
    async (req) => {
      const r = await o.monitoring.retryDeadLetter(await owner(req), req.params.id);
      if (!r) throw notFound('Webhook dead letter', req.params.id);
      // A failed retry is an answer, not an error of this request: the letter stays listed.
      return r.ok
        ? { deliveryId: r.deliveryId, ok: true, status: r.status }
        : { deliveryId: r.deliveryId, ok: false, error: r.error };
    },
  );
  app.delete(
    '/alarm-subscriptions/dead-letters/:id',
    { config, schema: { tags, params } },
    async (req, reply) => {
      if (!(await o.monitoring.deadLetters.remove(await owner(req), req.params.id)))
        throw notFound('Webhook dead letter', req.params.id);
      return reply.status(204).send();
    },
  );
}
