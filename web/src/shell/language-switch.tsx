import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { languages, setLanguage, type Language } from './i18n';

const names: Record<Language, string> = { 'zh-CN': '中文', en: 'English' };

export function LanguageSwitch() {
  const { t, i18n } = useTranslation('shell');
  const id = useId();
  return (
    <span className="lang">
      <label htmlFor={id} className="sr-only">
        {t('language')}
      </label>
      <select
        id={id}
        data-testid="language"
        value={i18n.language}
        onChange={(e) => void setLanguage(e.target.value as Language)}
      >
        {languages.map((l) => (
          <option key={l} value={l} lang={l}>
            {names[l]}
          </option>
        ))}
      </select>
    </span>
  );
}
