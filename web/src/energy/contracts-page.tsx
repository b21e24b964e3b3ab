// Energy performance contracts (合同能源管理, GB/T 24915-2020): the three types, their term and
// settlement period; each opens its baselines and savings.
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryView } from '../shell/states';
import { EnergyNav } from './energy-nav';
import { useContracts } from './queries';
import './energy.css';

export function ContractsPage() {
  const { t } = useTranslation('energy');
  const q = useContracts();
  return (
    <section aria-labelledby="contracts-title">
      <EnergyNav />
      <h1 id="contracts-title">{t('contracts.title')}</h1>
      <p className="muted">{t('contracts.intro')}</p>
      <div className="card table-wrap">
        <QueryView query={q} isEmpty={(d) => d.length === 0} empty={t('contracts.empty')}>
          {(rows) => (
            <table>
              <thead>
                <tr>
                  <th>{t('contracts.name')}</th>
                  <th>{t('contracts.kind')}</th>
                  <th>{t('contracts.period')}</th>
                  <th>{t('contracts.term')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/energy/contracts/${c.id}`}>{c.name}</Link>
                    </td>
                    <td>{t(`kind.${c.terms.kind}`)}</td>
                    <td>{t(`contracts.${c.period}`)}</td>
                    <td>
                      {c.startDate} – {c.endDate}
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
