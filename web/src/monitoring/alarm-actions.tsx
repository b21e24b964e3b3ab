// Acknowledge, shelve, assign, comment — each shown only to roles the server would allow
// (alarm:write; shelving needs rule:write), each saying what happened.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Alarm } from '../api/types';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';

type Form = 'shelve' | 'assign' | 'comment' | null;
const key = ['alarms', 'open'];

export function AlarmActions({ alarm: a, assetName }: { alarm: Alarm; assetName: string }) {
  const { t } = useTranslation('monitoring');
  const mayWrite = useCan('alarm:write');
  const mayShelve = useCan('rule:write');
  const [form, setForm] = useState<Form>(null);
  const [text, setText] = useState('');
  const [minutes, setMinutes] = useState(60);
  const ref = { asset: a.asset, ruleId: a.ruleId };
  const names = { asset: assetName, rule: a.ruleId };
  const done = () => {
    setForm(null);
    setText('');
  };
  const ack = useAction(() => api.post('/api/v1/alarms/acknowledge', ref), {
    success: () => t('alarms.acknowledged', names),
    invalidate: [key],
  });
  const shelve = useAction(
    (v: { reason: string; minutes: number }) => api.post('/api/v1/alarms/shelve', { ...ref, ...v }),
    {
      success: (_r, v) => (done(), t('alarms.shelved', { ...names, minutes: v.minutes })),
      invalidate: [key],
    },
  );
  const assign = useAction((to: string) => api.post('/api/v1/alarms/assign', { ...ref, to }), {
    success: (_r, to) => (done(), t('alarms.assigned', { ...names, to })),
    invalidate: [key],
  });
  const comment = useAction(
    (text: string) => api.post('/api/v1/alarms/comment', { ...ref, text }),
    {
      success: () => (done(), t('alarms.commented', names)),
      invalidate: [key],
    },
  );
  if (!mayWrite) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form === 'shelve') shelve.mutate({ reason: text, minutes });
    if (form === 'assign') assign.mutate(text);
    if (form === 'comment') comment.mutate(text);
  };
  const label = { shelve: t('alarms.reason'), assign: t('alarms.to'), comment: t('alarms.text') };
  return (
    <div className="alarm-actions">
      <div className="row">
        {!a.acknowledged && (
          <button
            type="button"
            className="primary"
            disabled={ack.isPending}
            onClick={() => ack.mutate(undefined)}
          >
            {t('alarms.acknowledge')}
          </button>
        )}
        {mayShelve && !a.suppressedBy && (
          <button type="button" onClick={() => setForm('shelve')}>
            {t('alarms.shelve')}
          </button>
        )}
        <button type="button" onClick={() => setForm('assign')}>
          {t('alarms.assign')}
        </button>
        <button type="button" onClick={() => setForm('comment')}>
          {t('alarms.comment')}
        </button>
      </div>
      {form && (
        <form className="panel toolbar" onSubmit={submit} aria-label={t(`alarms.${form}`)}>
          <label>
            {label[form]}
            <input
              required
              maxLength={form === 'comment' ? 2000 : 500}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </label>
          {form === 'shelve' && (
            <label>
              {t('alarms.minutes')}
              <input
                type="number"
                min={1}
                max={10080}
                required
                value={minutes}
                onChange={(e) => setMinutes(Number(e.target.value))}
              />
            </label>
          )}
          <button type="submit" className="primary">
            {t('alarms.submit')}
          </button>
          <button type="button" onClick={() => setForm(null)}>
            {t('alarms.cancel')}
          </button>
        </form>
      )}
    </div>
  );
}
