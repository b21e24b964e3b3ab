// The existing cookie login (POST /api/v1/auth/login); afterwards back to the page that sent
// the user here (?next=), else the fleet overview.
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api/client';
import type { Principal } from '../api/types';
import { LanguageSwitch } from './language-switch';
import { sessionKey } from './session';
import { errorText } from './states';
import { SecondStep, type Step } from './second-step';

/** Only same-site paths are followed after login (no open redirect). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login')
    ? next
    : '/';
}

export function LoginPage() {
  const { t } = useTranslation('shell');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<Step | null>(null);

  async function signedIn() {
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
    qc.setQueryData(sessionKey, await api.get<'/api/v1/auth/me', Principal>('/api/v1/auth/me'));
    await navigate(safeNext(params.get('next')), { replace: true });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // 202 { step }: a second factor is owed before the session opens.
      const r: { step?: Step } = await api.post('/api/v1/auth/login', { email, password });
      if (r.step) setStep(r.step);
      else await signedIn();
    } catch (err) {
      setError(isApiError(err) && err.status === 401 ? t('login.failed') : errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  if (step)
    return (
      <main id="main" className="login">
        <div className="login-card">
          <SecondStep step={step} onDone={signedIn} />
          <div className="login-foot">
            <LanguageSwitch />
          </div>
        </div>
      </main>
    );
  return (
    <main id="main" className="login">
      <form className="login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <div className="login-head">
          <img src="/favicon.svg" alt="" width="40" height="40" />
          <div>
            <h1 id="login-title">{t('login.title')}</h1>
            <p>{t('login.subtitle')}</p>
          </div>
        </div>
        {params.get('expired') && !error && <p className="hint">{t('login.expired')}</p>}
        <label>
          {t('login.email')}
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          {t('login.password')}
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
        <div className="login-foot">
          <LanguageSwitch />
        </div>
      </form>
    </main>
  );
}
