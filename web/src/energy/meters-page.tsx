// Meters (计量表): channel meters of assets and virtual meters (sums and differences of meters).
import { useTranslation } from 'react-i18next';
import { QueryView } from '../shell/states';
import { EnergyNav } from './energy-nav';
import { useMeters } from './queries';
import type { Meter } from './types';
import './energy.css';

export function MetersPage() {
  const { t } = useTranslation('energy');
  const q = useMeters();
  const name = (all: Meter[], id: string) => all.find((m) => m.id === id)?.name ?? id;
  return (
    <section aria-labelledby="meters-title">
      <EnergyNav />
      <h1 id="meters-title">{t('meters.title')}</h1>
      <p className="muted">{t('meters.intro')}</p>
      <div className="card table-wrap" role="region" aria-labelledby="meters-title" tabIndex={0}>
        <QueryView query={q} isEmpty={(d) => d.length === 0} empty={t('meters.empty')}>
          {(rows) => (
            <table>
              <thead>
                <tr>
                  <th>{t('meters.name')}</th>
                  <th>{t('meters.kind')}</th>
                  <th>{t('meters.unit')}</th>
                  <th>{t('meters.site')}</th>
                  <th>{t('meters.source')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((m) => (
                  <tr key={m.id} data-testid="meter">
                    <td>{m.name}</td>
                    <td>{m.kind}</td>
                    <td>{m.unit}</td>
                    <td>{m.site}</td>
                    <td>
                      {m.source.kind === 'channel' ? (
                        <code>
                          {m.source.channel} ({m.source.mode})
                        </code>
                      ) : (
                        `${t('meters.virtual')}: ${m.source.terms
                          .map((x) => `${x.sign > 0 ? '+' : '−'} ${name(rows, x.meterId)}`)
                          .join(' ')}`
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryView>
      </div>
    </section>
  );
}
