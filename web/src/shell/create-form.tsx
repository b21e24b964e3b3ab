// The one "create" pattern of the console: a button that opens a form, the form's fields (the
// caller's), a submit that runs the action through useAction (a notice says what happened, an
// alert why it failed) and, only on success, closes the form and resets its fields, so nothing
// typed is lost when the server refuses it. useFields keeps a form's fields in one object.
import { useState, type FormEvent, type ReactNode } from 'react';
import type { QueryKey } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAction } from './notices';

/** A form's fields in one object: `set('name')` is an onChange for that field; `reset()` empties. */
export function useFields<F extends Record<string, string>>(initial: F) {
  const [fields, setFields] = useState(initial);
  const set = (k: keyof F) => (e: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [k]: e.target.value }));
  return { fields, set, reset: () => setFields(initial) };
}

export interface CreateFormProps<R> {
  /** The button's text and the form's accessible name. */
  title: string;
  /** Sends the form; its fields are the caller's state. */
  submit: () => Promise<R>;
  /** What happened, said as a notice. */
  success: (r: R) => string;
  invalidate?: QueryKey[];
  /** After success (the form closes and onReset runs): show a secret once, for instance. */
  onCreated?: (r: R) => void;
  onReset?: () => void;
  submitLabel?: string;
  cancelLabel?: string;
  /** The submit stays disabled while this is true (a required choice has no option yet). */
  incomplete?: boolean;
  children: ReactNode;
}

export function CreateForm<R>(p: CreateFormProps<R>) {
  const { t } = useTranslation('shell');
  const [open, setOpen] = useState(false);
  const create = useAction(() => p.submit(), {
    success: (r) => {
      setOpen(false);
      p.onReset?.();
      p.onCreated?.(r);
      return p.success(r);
    },
    invalidate: p.invalidate,
  });
  if (!open)
    return (
      <button type="button" className="primary" onClick={() => setOpen(true)}>
        {p.title}
      </button>
    );
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(undefined);
  };
  return (
    <form className="panel toolbar" onSubmit={onSubmit} aria-label={p.title}>
      {p.children}
      <button type="submit" className="primary" disabled={create.isPending || p.incomplete}>
        {p.submitLabel ?? t('form.submit')}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        {p.cancelLabel ?? t('form.cancel')}
      </button>
    </form>
  );
}
