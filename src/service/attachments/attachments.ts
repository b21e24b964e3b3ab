// Attachments (附件): photos and reports on a work order, factory test records on an asset's
// as-built record, the customer's signature. Size-limited and type-checked by their bytes (a
// ".png" that is really text is a 400 naming the field); scoped like their work order or asset,
// so a customer user never reads another customer's file (404, as for anything not theirs).
import { createHash } from 'node:crypto';
import { getAsset } from '../../assets/index.ts';
import type { Scope } from '../../identity/index.ts';
import { notFound } from '../../kernel/index.ts';
import type { Db } from '../../storage/index.ts';
import type { ServiceAttachmentTable } from '../../storage/service-schema.ts';
import { audit, customerFilter, invalidField, kOf, serviceId } from '../store.ts';
import { scopedRow } from '../work-orders/index.ts';
import type { BlobStore } from './blobs.ts';
import { contentTypes, sniff, typeOfName, type FileType } from './magic.ts';

export type AttachmentKind = 'photo' | 'report' | 'factory_test' | 'signature';
export type AttachmentTarget = 'work_order' | 'asset';

export interface Attachment {
  id: string;
  targetKind: AttachmentTarget;
  targetId: string;
  kind: AttachmentKind;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  createdBy: string;
  createdAt: number;
}

export interface AttachmentInput {
  kind: AttachmentKind;
  name: string;
  /** The file's bytes (the route decodes base64). */
  bytes: Uint8Array;
}

const allowed: Record<AttachmentKind, readonly FileType[]> = {
  photo: ['png', 'jpeg'],
  signature: ['png', 'jpeg'],
  report: ['png', 'jpeg', 'pdf'],
  factory_test: ['png', 'jpeg', 'pdf'],
};

export const toAttachment = (r: ServiceAttachmentTable): Attachment => ({
  id: r.id,
  targetKind: r.target_kind as AttachmentTarget,
  targetId: r.target_id,
  kind: r.kind as AttachmentKind,
  name: r.name,
  contentType: r.content_type,
  size: Number(r.size),
  sha256: r.sha256,
  createdBy: r.created_by,
  createdAt: Number(r.created_at),
});

/** The checks, field by field: the name's extension, the size, then the bytes themselves. */
export function checkFile(
  input: AttachmentInput,
  maxBytes: number,
  field = 'contentBase64',
): FileType {
  const named = typeOfName(input.name);
  if (!named)
    throw invalidField('name', {
      en: `'${input.name}' must end in .png, .jpg, .jpeg or .pdf`,
      'zh-CN': `“${input.name}”必须以 .png、.jpg、.jpeg 或 .pdf 结尾`,
    });
  if (input.bytes.length === 0)
    throw invalidField(field, { en: 'the file is empty', 'zh-CN': '文件为空' });
  if (input.bytes.length > maxBytes)
    throw invalidField(field, {
      en: `the file is ${input.bytes.length} bytes; the limit is ${maxBytes} (RONGHE_ATTACHMENT_MAX_BYTES)`,
      'zh-CN': `文件有 ${input.bytes.length} 字节，上限为 ${maxBytes}（RONGHE_ATTACHMENT_MAX_BYTES）`,
    });
  const real = sniff(input.bytes);
  if (!real)
    throw invalidField(field, {
      en: `the bytes of '${input.name}' are not a ${named.toUpperCase()} file (nor PNG, JPEG or PDF)`,
      'zh-CN': `“${input.name}”的内容不是 ${named.toUpperCase()} 文件（也不是 PNG、JPEG 或 PDF）`,
    });
  if (real !== named)
    throw invalidField(field, {
      en: `'${input.name}' is named .${named} but its bytes are ${real.toUpperCase()}`,
      'zh-CN': `“${input.name}”的扩展名为 .${named}，但内容是 ${real.toUpperCase()}`,
    });
  if (!allowed[input.kind].includes(real))
    throw invalidField(field, {
      en: `a ${input.kind} must be ${allowed[input.kind].map((x) => x.toUpperCase()).join(' or ')}, not ${real.toUpperCase()}`,
      'zh-CN': `${input.kind} 必须是 ${allowed[input.kind].map((x) => x.toUpperCase()).join(' 或 ')}，而不是 ${real.toUpperCase()}`,
    });
  return real;
}

export interface AttachmentDeps {
  db: Db;
  blobs: BlobStore;
  maxBytes: number;
}

async function targetCustomer(
  deps: AttachmentDeps,
  scope: Scope,
  target: AttachmentTarget,
  id: string,
): Promise<string | null> {
  if (target === 'work_order') return (await scopedRow(kOf(deps.db), scope, id)).customer_id;
  return (await getAsset(deps.db, scope, id)).customerId;
}

export async function addAttachment(
  deps: AttachmentDeps,
  scope: Scope,
  target: AttachmentTarget,
  targetId: string,
  input: AttachmentInput,
  now = Date.now(),
): Promise<Attachment> {
  const customerId = await targetCustomer(deps, scope, target, targetId);
  const type = checkFile(input, deps.maxBytes);
  const row: ServiceAttachmentTable = {
    id: serviceId('at'),
    tenant_id: scope.tenantId,
    target_kind: target,
    target_id: targetId,
    customer_id: customerId,
    kind: input.kind,
    name: input.name,
    content_type: contentTypes[type],
    size: input.bytes.length,
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
    created_by: scope.actor,
    created_at: now,
  };
  try {
    await kOf(deps.db)
      .transaction()
      .execute(async (tx) => {
        await deps.blobs.put(tx, scope.tenantId, row.id, input.bytes);
        await tx.insertInto('service_attachments').values(row).execute();
        await audit(tx, {
          tenantId: scope.tenantId,
          actor: scope.actor,
          action: 'service.attachment.add',
          entityType: target === 'asset' ? 'asset' : 'service_work_order',
          entityId: targetId,
          details: { attachmentId: row.id, kind: row.kind, name: row.name, size: row.size },
        });
      });
  } catch (e) {
    await deps.blobs.discard(scope.tenantId, row.id);
    throw e;
  }
  return toAttachment(row);
}

export async function listAttachments(
  db: Db,
  scope: Scope,
  target: AttachmentTarget,
  targetId: string,
): Promise<Attachment[]> {
  if (target === 'work_order') await scopedRow(kOf(db), scope, targetId);
  else await getAsset(db, scope, targetId);
  const rows = await kOf(db)
    .selectFrom('service_attachments')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('target_kind', '=', target)
    .where('target_id', '=', targetId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toAttachment);
}

/** Metadata and bytes of one attachment the scope may see; 404 otherwise. */
export async function readAttachment(
  deps: Pick<AttachmentDeps, 'db' | 'blobs'>,
  scope: Scope,
  id: string,
): Promise<{ attachment: Attachment; bytes: Uint8Array }> {
  const k = kOf(deps.db);
  let q = k
    .selectFrom('service_attachments')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id);
  const only = customerFilter(scope);
  if (only) q = q.where('customer_id', 'in', only);
  const r = await q.executeTakeFirst();
  if (!r) throw notFound('Attachment', id);
  const bytes = await deps.blobs.get(k, scope.tenantId, id);
  if (!bytes) throw notFound('Attachment content', id);
  return { attachment: toAttachment(r), bytes };
}
