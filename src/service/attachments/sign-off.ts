// The customer's sign-off (客户签字确认) of a work order: the name of who signed, when, and an
// optional signature image (an attachment of kind 'signature' on the same order). Once only.
import type { Scope } from '../../identity/index.ts';
import type { Db } from '../../storage/index.ts';
import { audit, conflict, invalidField, kOf } from '../store.ts';
import { scopedRow } from '../work-orders/index.ts';

export interface SignOff {
  workOrderId: string;
  name: string;
  signedAt: number;
  signatureAttachmentId: string | null;
  recordedBy: string;
}

export async function signOff(
  db: Db,
  scope: Scope,
  workOrderId: string,
  input: { name: string; signatureAttachmentId?: string | null },
  now = Date.now(),
): Promise<SignOff> {
  return kOf(db)
    .transaction()
    .execute(async (tx) => {
      const wo = await scopedRow(tx, scope, workOrderId);
      if (!['in_progress', 'done', 'closed'].includes(wo.status))
        throw invalidField('status', {
          en: `a ${wo.status} work order cannot be signed off (in progress, done or closed)`,
          'zh-CN': `状态为 ${wo.status} 的工单不能签字确认（须为进行中、已完成或已关闭）`,
        });
      const sig = input.signatureAttachmentId ?? null;
      if (sig) {
        const a = await tx
          .selectFrom('service_attachments')
          .select(['kind'])
          .where('tenant_id', '=', scope.tenantId)
          .where('id', '=', sig)
          .where('target_kind', '=', 'work_order')
          .where('target_id', '=', workOrderId)
          .executeTakeFirst();
        if (!a || a.kind !== 'signature')
          throw invalidField('signatureAttachmentId', {
            en: `no signature image '${sig}' on this work order`,
            'zh-CN': `此工单上没有签名图片“${sig}”`,
          });
      }
      const row = {
        tenant_id: scope.tenantId,
        work_order_id: workOrderId,
        name: input.name,
        signed_at: now,
        signature_attachment_id: sig,
        recorded_by: scope.actor,
      };
      const ins = await tx
        .insertInto('service_sign_offs')
        .values(row)
        .onConflict((oc) => oc.column('work_order_id').doNothing())
        .executeTakeFirst();
      if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 0)
        throw conflict({
          en: `Work order ${workOrderId} is already signed off.`,
          'zh-CN': `工单 ${workOrderId} 已签字确认。`,
        });
      await audit(tx, {
        tenantId: scope.tenantId,
        actor: scope.actor,
        action: 'service.work_order.sign_off',
        entityType: 'service_work_order',
        entityId: workOrderId,
        details: { name: input.name, signature: sig },
      });
      return {
        workOrderId,
        name: input.name,
        signedAt: now,
        signatureAttachmentId: sig,
        recordedBy: scope.actor,
      };
    });
}

export async function getSignOff(
  db: Db,
  scope: Scope,
  workOrderId: string,
): Promise<SignOff | null> {
  const k = kOf(db);
  await scopedRow(k, scope, workOrderId);
  const r = await k
    .selectFrom('service_sign_offs')
    .selectAll()
    .where('work_order_id', '=', workOrderId)
    .executeTakeFirst();
  return r
    ? {
        workOrderId,
        name: r.name,
        signedAt: Number(r.signed_at),
        signatureAttachmentId: r.signature_attachment_id,
        recordedBy: r.recorded_by,
      }
    : null;
}
