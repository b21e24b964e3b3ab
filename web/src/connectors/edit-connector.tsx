// Editing a stored connector (设备接入 → 编辑): its endpoint, security mode, user and a new
// password (write-only: left empty, the stored one is kept), and the mappings table with rows
// added and removed, each refusal shown at its field. For OPC UA the server's address space is
// browsed beside the form and variables are picked into the mappings.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useAction } from '../shell/notices';
import { useCan } from '../shell/session';
import { QueryView } from '../shell/states';
import { AddressSpace, pickedKeys } from './address-space';
import { ConnectorFields } from './connector-fields';
import { fromConnector, withPicked, type FieldProblem, type FormState } from './form-state';
import {
  connectorKey,
  connectorsKey,
  fetchConnector,
  fetchDevices,
  replaceConnector,
  type Connector,
  type DeviceRef,
} from './queries';
import { useChecked } from './use-checked';
import './connectors.css';

function EditForm({ connector: c, devices }: { connector: Connector; devices: DeviceRef[] }) {
  const { t } = useTranslation('connectors');
  const mayWrite = useCan('device:write');
  const [f, setF] = useState<FormState>(() => fromConnector(c));
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const checked = useChecked(setProblem);
  const deviceId = f.deviceId || devices[0]?.id || '';
  const device = devices.find((d) => d.id === deviceId);
  const save = useAction(
    () => checked({ ...f, deviceId }, device?.assetId ?? '', (def) => replaceConnector(c.id, def)),
    {
      success: (r) =>
        r.verification.reason
          ? t('edit.unchecked', { name: r.connector.name, reason: r.verification.reason })
          : t('edit.saved', { name: r.connector.name }),
      invalidate: [connectorsKey, connectorKey(c.id)],
    },
  );
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(undefined);
  };
  const title = t('edit.title', { name: c.name });
  return (
    <>
      <h1 id="connector-edit-title">{title}</h1>
      <form className="panel toolbar" aria-label={title} onSubmit={onSubmit}>
        <fieldset disabled={!mayWrite} className="connector-edit">
          <ConnectorFields
            f={f}
            setF={setF}
            devices={devices}
            deviceId={deviceId}
            problem={problem}
            stored={{ hasPassword: c.hasPassword }}
          />
        </fieldset>
        {mayWrite && (
          <button type="submit" className="primary" disabled={save.isPending || !device}>
            {t('form.save')}
          </button>
        )}
      </form>
      {c.protocol === 'opcua' && (
        <AddressSpace
          connectorId={c.id}
          picked={pickedKeys(f.mappings)}
          onPick={(n) => setF((s) => ({ ...s, mappings: withPicked(s.mappings, n) }))}
        />
      )}
    </>
  );
}

export function EditConnectorPage() {
  const { t } = useTranslation('connectors');
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: connectorKey(id), queryFn: () => fetchConnector(id) });
  const devices = useQuery({ queryKey: ['connectors', 'devices'], queryFn: fetchDevices });
  return (
    <section aria-labelledby="connector-edit-title">
      <p>
        <Link to="/connectors">{t('edit.back')}</Link>
      </p>
      <QueryView query={q}>
        {(c) =>
          devices.data ? <EditForm key={c.updatedAt} connector={c} devices={devices.data} /> : null
        }
      </QueryView>
    </section>
  );
}
