// The technician's part of a work order, made for a phone: the checklist (large tick boxes; a
// work order cannot be done while a mandatory item is open — the server says which), photos and
// reports (upload from the camera or files, PNG/JPEG/PDF), and the customer's sign-off.
import './service.css';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../shell/format';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { QueryView } from '../shell/states';
import {
  addChecklist,
  attachmentUrl,
  checkItem,
  planKeys,
  signOff,
  upload,
  useAttachments,
  useChecklist,
  useSignOff,
  useTemplates,
} from './plan-queries';
import type { Attachment } from './plan-types';
import type { WorkOrder } from './types';

const working = ['assigned', 'in_progress', 'on_hold'];

export function Checklist({ o }: { o: WorkOrder }) {
  const { t } = useTranslation('service');
  const canWork = useCan('service:work');
  const q = useChecklist(o.id);
  const tick = useAction((a: { id: string; done: boolean }) => checkItem(o.id, a.id, a.done), {
    success: (r) => t(r.doneAt ? 'check.ticked' : 'check.unticked', { text: r.text }),
    invalidate: [planKeys.order(o.id)],
  });
  const editable = canWork && working.includes(o.status);
  return (
    <div className="card" data-testid="checklist">
      <h2>{t('check.title')}</h2>
      <QueryView query={q} isEmpty={(d) => d.length === 0} empty={t('check.empty')}>
        {(items) => (
          <ul className="checklist">
            {items.map((i) => (
              <li key={i.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={i.doneAt !== null}
                    disabled={!editable || tick.isPending}
                    onChange={(e) => tick.mutate({ id: i.id, done: e.target.checked })}
                  />
                  <span>
                    {i.text}
                    {i.mandatory && <strong className="mandatory"> {t('check.mandatory')}</strong>}
                  </span>
                </label>
                {i.doneAt !== null && (
                  <div className="muted">{t('check.doneAt', { at: formatDateTime(i.doneAt) })}</div>
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      {editable && <AddChecklist id={o.id} />}
    </div>
  );
}

function AddChecklist({ id }: { id: string }) {
  const { t } = useTranslation('service');
  const templates = useTemplates().data ?? [];
  const [tpl, setTpl] = useState('');
  const add = useAction((x: string) => addChecklist(id, x), {
    success: () => t('check.added'),
    invalidate: [planKeys.order(id)],
  });
  if (!templates.length) return null;
  return (
    <div className="toolbar">
      <label>
        {t('check.template')}
        <select value={tpl} onChange={(e) => setTpl(e.target.value)}>
          <option value="">{t('plan.choose')}</option>
          {templates.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={!tpl || add.isPending} onClick={() => add.mutate(tpl)}>
        {t('check.add')}
      </button>
    </div>
  );
}

export function Attachments({
  target,
  id,
  kinds,
}: {
  target: 'work-orders' | 'assets';
  id: string;
  kinds: Array<Attachment['kind']>;
}) {
  const { t } = useTranslation('service');
  const q = useAttachments(target, id);
  const [kind, setKind] = useState<Attachment['kind']>(kinds[0]!);
  const send = useAction((f: File) => upload(target, id, kind, f), {
    success: (a) => t('files.uploaded', { name: a.name }),
    invalidate: [
      ['service', target, id, 'attachments'],
      ['service', 'passport'],
    ],
  });
  const pick = (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (f) send.mutate(f);
    e.target.value = '';
  };
  return (
    <div className="card" data-testid="attachments">
      <h2>{t('files.title')}</h2>
      <QueryView query={q} isEmpty={(d) => d.length === 0} empty={t('files.empty')}>
        {(files) => (
          <ul className="files">
            {files.map((f) => (
              <li key={f.id}>
                <a href={attachmentUrl(f.id)} target="_blank" rel="noreferrer">
                  {f.contentType.startsWith('image/') ? (
                    <img src={attachmentUrl(f.id)} alt={f.name} />
                  ) : (
                    <span className="file-doc">PDF</span>
                  )}
                  <span>
                    {f.name} · {t(`files.kind.${f.kind}`)}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      <div className="toolbar">
        {kinds.length > 1 && (
          <label>
            {t('files.kindLabel')}
            <select value={kind} onChange={(e) => setKind(e.target.value as Attachment['kind'])}>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {t(`files.kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="upload">
          {t('files.upload')}
          <input
            type="file"
            accept="image/png,image/jpeg,application/pdf"
            disabled={send.isPending}
            onChange={pick}
          />
        </label>
      </div>
      <p className="muted">{t('files.hint')}</p>
    </div>
  );
}

export function SignOffCard({ o }: { o: WorkOrder }) {
  const { t } = useTranslation('service');
  const q = useSignOff(o.id);
  const mayRequest = useCan('service:request');
  const sign = useAction((name: string) => signOff(o.id, name), {
    success: (s) => t('sign.done', { name: s.name }),
    invalidate: [planKeys.order(o.id)],
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    sign.mutate(String(new FormData(e.currentTarget).get('name') ?? ''));
  };
  const open = ['in_progress', 'done', 'closed'].includes(o.status);
  return (
    <div className="card" data-testid="sign-off">
      <h2>{t('sign.title')}</h2>
      <QueryView query={q}>
        {(s) =>
          s ? (
            <p>{t('sign.signed', { name: s.name, at: formatDateTime(s.signedAt) })}</p>
          ) : mayRequest && open ? (
            <form className="wo-form" onSubmit={submit} aria-label={t('sign.title')}>
              <label>
                {t('sign.name')}
                <input name="name" required maxLength={200} autoComplete="name" />
              </label>
              <button type="submit" className="primary" disabled={sign.isPending}>
                {t('sign.submit')}
              </button>
            </form>
          ) : (
            <p className="muted">{t('sign.notYet')}</p>
          )
        }
      </QueryView>
    </div>
  );
}
