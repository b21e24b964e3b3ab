// Reads and writes of the plan, checklist, attachment, sign-off and passport routes (untyped
// request(), as queries.ts). An upload reads the file in the browser and sends it as base64.
import { useQuery } from '@tanstack/react-query';
import { request } from '../api/client';
import type {
  Attachment,
  ChecklistItem,
  ChecklistTemplate,
  Passport,
  Plan,
  PlanDetail,
  SignOff,
} from './plan-types';

const base = '/api/v1/service';
const enc = encodeURIComponent;

export const planKeys = {
  plans: ['service', 'plans'] as const,
  order: (id: string) => ['service', 'work-orders', id] as const,
};

export const usePlans = () =>
  useQuery({
    queryKey: planKeys.plans,
    queryFn: () => request<{ items: Plan[] }>('get', `${base}/plans`).then((r) => r.items),
  });

export const usePlan = (id: string | null) =>
  useQuery({
    queryKey: [...planKeys.plans, id],
    queryFn: () => request<PlanDetail>('get', `${base}/plans/${enc(id ?? '')}`),
    enabled: id !== null,
  });

export const useTemplates = () =>
  useQuery({
    queryKey: ['service', 'checklist-templates'],
    queryFn: () =>
      request<{ items: ChecklistTemplate[] }>('get', `${base}/checklist-templates`).then(
        (r) => r.items,
      ),
    staleTime: 60_000,
  });

export interface ModelRow {
  id: string;
  name: string;
}
export const useModels = () =>
  useQuery({
    queryKey: ['service', 'models'],
    queryFn: () =>
      request<{ items: ModelRow[] } | ModelRow[]>('get', '/api/v1/asset-models').then((r) =>
        Array.isArray(r) ? r : r.items,
      ),
    staleTime: 60_000,
  });

export const createPlan = (body: unknown) => request<Plan>('post', `${base}/plans`, { body });
export const runPlans = () =>
  request<{ fired: unknown[] }>('post', `${base}/plans/run`, { body: {} });
export const setPlanActive = (id: string, active: boolean) =>
  request<Plan>('patch', `${base}/plans/${enc(id)}`, { body: { active } });

export const useChecklist = (woId: string) =>
  useQuery({
    queryKey: [...planKeys.order(woId), 'checklist'],
    queryFn: () =>
      request<{ items: ChecklistItem[] }>('get', `${base}/work-orders/${enc(woId)}/checklist`).then(
        (r) => r.items,
      ),
  });

export const checkItem = (woId: string, itemId: string, done: boolean) =>
  request<ChecklistItem>('patch', `${base}/work-orders/${enc(woId)}/checklist/${enc(itemId)}`, {
    body: { done },
  });

export const addChecklist = (woId: string, templateId: string) =>
  request<{ items: ChecklistItem[] }>('post', `${base}/work-orders/${enc(woId)}/checklist`, {
    body: { templateId },
  });

export const useAttachments = (target: 'work-orders' | 'assets', id: string) =>
  useQuery({
    queryKey: ['service', target, id, 'attachments'],
    queryFn: () =>
      request<{ items: Attachment[] }>('get', `${base}/${target}/${enc(id)}/attachments`).then(
        (r) => r.items,
      ),
  });

export const attachmentUrl = (id: string) => `${base}/attachments/${enc(id)}`;

function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}

export async function upload(
  target: 'work-orders' | 'assets',
  id: string,
  kind: Attachment['kind'],
  file: File,
): Promise<Attachment> {
  const contentBase64 = await toBase64(file);
  return request<Attachment>('post', `${base}/${target}/${enc(id)}/attachments`, {
    body: { kind, name: file.name, contentBase64 },
  });
}

export const useSignOff = (woId: string) =>
  useQuery({
    queryKey: [...planKeys.order(woId), 'sign-off'],
    queryFn: () =>
      request<{ signOff: SignOff | null }>('get', `${base}/work-orders/${enc(woId)}/sign-off`).then(
        (r) => r.signOff,
      ),
  });

export const signOff = (woId: string, name: string) =>
  request<SignOff>('post', `${base}/work-orders/${enc(woId)}/sign-off`, { body: { name } });

export const usePassport = (assetId: string) =>
  useQuery({
    queryKey: ['service', 'passport', assetId],
    queryFn: () => request<Passport>('get', `${base}/assets/${enc(assetId)}/passport`),
  });
