// The validation figures a model was registered with (src/phm/service/*): a bearing model's
// held-out accuracy over windows of files it did not train on and its classes; a health
// baseline's false-alarm rate and mean health on the held-out days of the healthy period; an RUL
// model's RMSE and interval coverage on units it never trained on.
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../shell/format';
import type { RegisteredModel } from './types';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function ModelMetrics({ m }: { m: RegisteredModel }) {
  const { t } = useTranslation('phm');
  const x = m.metrics;
  const lines: string[] = [];
  const acc = num(x.heldOutAccuracy);
  if (acc !== null)
    lines.push(
      t('models.accuracy', {
        pct: formatNumber(acc * 100, 1),
        n: formatNumber(num(x.heldOutWindows) ?? 0, 0),
      }),
    );
  if (Array.isArray(x.classes)) lines.push(`${t('models.perClass')}: ${x.classes.join(', ')}`);
  const fa = num(x.validationFalseAlarmRate);
  if (fa !== null) lines.push(t('models.falseAlarm', { pct: formatNumber(fa * 100, 1) }));
  const v = x.validation as { rmse?: unknown; coverage?: unknown; units?: unknown } | undefined;
  const rmse = num(v?.rmse);
  if (rmse !== null)
    lines.push(
      t('models.rulFigures', {
        rmse: formatNumber(rmse, 1),
        coverage: formatNumber((num(v?.coverage) ?? 0) * 100, 0),
        n: num(v?.units) ?? 0,
      }),
    );
  const mh = num(x.validationMeanHealth);
  if (mh !== null) lines.push(t('models.meanHealth', { v: formatNumber(mh, 0) }));
  if (lines.length === 0) return <>—</>;
  return (
    <span data-testid="model-metrics">
      {lines.map((l, i) => (
        <span key={i}>
          {i > 0 && <br />}
          {l}
        </span>
      ))}
    </span>
  );
}
