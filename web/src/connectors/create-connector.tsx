// The create form for a Modbus TCP or OPC UA connector. A refusal (400) is said in the alert
// with the server's words, and the field it names is marked with the reason beside it, so the
// user sees which mapping is wrong; nothing typed is lost. The password is write-only.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CreateForm } from '../shell/create-form';
import { ConnectorFields } from './connector-fields';
import { emptyForm, type FieldProblem, type FormState } from './form-state';
import { connectorsKey, createConnector, type DeviceRef } from './queries';
import { useChecked } from './use-checked';

export function CreateConnector({ devices }: { devices: DeviceRef[] }) {
  const { t } = useTranslation('connectors');
  const [f, setF] = useState<FormState>(emptyForm);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const deviceId = f.deviceId || devices[0]?.id || '';
  const device = devices.find((d) => d.id === deviceId);
  const checked = useChecked(setProblem);
  return (
    <CreateForm
      title={t('form.create')}
      submitLabel={t('form.save')}
      submit={() =>
        checked({ ...f, deviceId }, device?.assetId ?? '', (def) => createConnector(def))
      }
      success={(r) =>
        r.verification.reason
          ? t('form.unchecked', { name: r.connector.name, reason: r.verification.reason })
          : t('form.created', { name: r.connector.name })
      }
      invalidate={[connectorsKey]}
      onReset={() => {
        setF(emptyForm());
        setProblem(null);
      }}
      incomplete={!device}
    >
      {!device && <p className="muted">{t('form.noDevice')}</p>}
      <ConnectorFields f={f} setF={setF} devices={devices} deviceId={deviceId} problem={problem} />
    </CreateForm>
  );
}
