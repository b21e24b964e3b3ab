// i18next with one namespace per context (its messages.ts); zh-CN is the default language,
// the user's choice is remembered in this browser (localStorage), and <html lang> follows it.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setApiLanguage } from '../api/client';
import type { Catalogue } from './define-messages';

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];
const KEY = 'ronghe.language';

export function storedLanguage(): Language {
  const v = globalThis.localStorage?.getItem(KEY);
  return v === 'en' ? 'en' : 'zh-CN';
}

export async function initI18n(catalogues: Record<string, Catalogue>): Promise<void> {
  const resources: Record<string, Record<string, object>> = { 'zh-CN': {}, en: {} };
  for (const [ns, c] of Object.entries(catalogues)) {
    resources['zh-CN']![ns] = c['zh-CN'];
    resources.en![ns] = c.en;
  }
  const lng = storedLanguage();
  await i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'zh-CN',
    defaultNS: 'shell',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  document.documentElement.lang = lng;
  setApiLanguage(lng);
}

export async function setLanguage(lng: Language): Promise<void> {
  localStorage.setItem(KEY, lng);
  document.documentElement.lang = lng;
  setApiLanguage(lng);
  await i18next.changeLanguage(lng);
}

const loading = new Map<string, Promise<void>>();

/** Adds a context's full catalogue to its namespace once (both languages), on first need. */
export function loadNamespace(ns: string, load: () => Promise<Catalogue>): Promise<void> {
  let p = loading.get(ns);
  if (!p) {
    p = load().then((c) => {
      i18next.addResourceBundle('zh-CN', ns, c['zh-CN'], true, true);
      i18next.addResourceBundle('en', ns, c.en, true, true);
    });
    p.catch(() => loading.delete(ns)); // a failed chunk load may be retried
    loading.set(ns, p);
  }
  return p;
}
