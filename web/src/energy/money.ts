// Money on the energy screens: amounts arrive in whole fen (src/kernel/money.ts) and are shown
// with exactly two decimals, grouped in the UI language; a VAT rate as a percentage.
import i18next from 'i18next';

export const formatFen = (fen: number): string =>
  new Intl.NumberFormat(i18next.language || 'zh-CN', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(fen / 100);

export const formatRate = (rate: number): string => `${+(rate * 100).toFixed(2)}%`;
