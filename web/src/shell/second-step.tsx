// The login's second step (RFC 6238 TOTP): a code from the authenticator app or a recovery
// code; or, for an administrator whose tenant requires a second factor and who has none yet,
// enrolment first — the key shown once, confirmed by a first code, then the recovery codes
// shown once. Both run on the half-login cookie the login set; neither is a session.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api/client';
import { errorText } from './states';

export type Step = 'totp' | 'enrol';

export function SecondStep({ step, onDone }: { step: Step; onDone: () => Promise<void> }) {
  return step === 'totp' ? <CodeStep onDone={onDone} /> : <EnrolStep onDone={onDone} />;
}

function useFailure() {
  const { t } = useTranslation('shell');
  return (err: unknown) =>
    isApiError(err) && err.status === 401
      ? /expired|过期/.test(err.message)
        ? t('mfa.again')
        : t('mfa.wrong')
      : errorText(t, err);
}

function CodeStep({ onDone }: { onDone: () => Promise<void> }) {
  const { t } = useTranslation('shell');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const failure = useFailure();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/v1/auth/mfa/verify', { code: code.trim() });
      await onDone();
    } catch (err) {
      setError(failure(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="mfa-title">
      <h2 id="mfa-title">{t('mfa.title')}</h2>
      <p className="muted">{t('mfa.intro')}</p>
      <label>
        {t('mfa.code')}
        <input
          name="code"
          autoComplete="one-time-code"
          required
          minLength={6}
          maxLength={32}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {t('mfa.verify')}
      </button>
    </form>
  );
}

function EnrolStep({ onDone }: { onDone: () => Promise<void> }) {
  const { t } = useTranslation('shell');
  const [enrolment, setEnrolment] = useState<{ secret: string; uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const failure = useFailure();
  useEffect(() => {
    api
      .post('/api/v1/auth/mfa/enrol', {})
      .then(setEnrolment, (err: unknown) => setError(failure(err)));
    // Once per half-login: a second call would replace the key shown.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  async function confirm(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const r = await api.post('/api/v1/auth/mfa/enrol/confirm', { code: code.trim() });
      setCodes(r.recoveryCodes);
    } catch (err) {
      setError(failure(err));
    }
  }
  if (codes)
    return (
      <div aria-labelledby="recovery-title">
        <h2 id="recovery-title">{t('mfa.recoveryTitle')}</h2>
        <p className="muted">{t('mfa.recoveryIntro')}</p>
        <ol className="recovery-codes" data-testid="recovery-codes">
          {codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ol>
        <button type="button" className="primary" onClick={() => void onDone()}>
          {t('mfa.continue')}
        </button>
      </div>
    );
  return (
    <form onSubmit={(e) => void confirm(e)} aria-labelledby="enrol-title">
      <h2 id="enrol-title">{t('mfa.enrolTitle')}</h2>
      <p className="muted">{t('mfa.enrolIntro')}</p>
      {enrolment && (
        <dl className="enrolment">
          <dt>{t('mfa.secret')}</dt>
          <dd>
            <code data-testid="totp-secret">{enrolment.secret.match(/.{1,4}/g)!.join(' ')}</code>
          </dd>
          <dt>{t('mfa.uri')}</dt>
          <dd>
            <a href={enrolment.uri} className="secret">
              {enrolment.uri}
            </a>
          </dd>
        </dl>
      )}
      <label>
        {t('mfa.firstCode')}
        <input
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          pattern="[0-9]{6}"
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={!enrolment}>
        {t('mfa.confirm')}
      </button>
    </form>
  );
}
