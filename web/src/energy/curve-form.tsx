// Setting a weather-compensation curve (供热曲线): "outdoor °C, supply °C" one point a line, for
// the station itself or for every station of its model (PUT /api/v1/energy/heating/curves/…);
// the server checks the points (ascending outdoor, falling supply) and names the bad one.
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { CreateForm, useFields } from '../shell/create-form';
import type { CurvePoint } from './heating-page';

const parse = (text: string): CurvePoint[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [o = '', s = ''] = l.split(/[,，\s]+/);
      return { outdoorC: Number(o), supplyC: Number(s) };
    });

export function CurveForm({
  assetId,
  modelId,
  current,
}: {
  assetId: string;
  modelId: string;
  current: CurvePoint[];
}) {
  const { t } = useTranslation('energy');
  const initial = current.length
    ? current.map((p) => `${p.outdoorC}, ${p.supplyC}`).join('\n')
    : '-10, 60\n0, 50\n10, 40';
  const { fields: f, set, reset } = useFields({ scope: 'asset', points: initial });
  return (
    <CreateForm
      title={t('heat.setCurve')}
      submit={() =>
        api.put(
          '/api/v1/energy/heating/curves/{scope}/{id}',
          { points: parse(f.points) },
          {
            path: {
              scope: f.scope as 'asset' | 'model',
              id: f.scope === 'asset' ? assetId : modelId,
            },
          },
        )
      }
      success={() => t('heat.curveSaved')}
      invalidate={[['energy', 'heating']]}
      onReset={reset}
    >
      <label>
        {t('heat.curveFor')}
        <select value={f.scope} onChange={set('scope')}>
          <option value="asset">{t('heat.forStation')}</option>
          <option value="model">{t('heat.forModel')}</option>
        </select>
      </label>
      <label>
        {t('heat.points')}
        <textarea rows={5} cols={20} value={f.points} onChange={set('points')} />
      </label>
    </CreateForm>
  );
}
