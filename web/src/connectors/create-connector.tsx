// The create form for a Modbus TCP or OPC UA connector. A refusal (400) is said in the alert
// with the server's words, and the field it names is marked, so the user sees which mapping is
// wrong; nothing typed is lost. The password is write-only: sent once, never read back.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { CreateForm } from '../shell/create-form';
import { badField, emptyForm, SECURITY_MODES, toDefinition, type FormState } from './form-state';
import { MappingsEditor } from './mappings-editor';
import { connectorsKey, createConnector, type DeviceRef } from './queries';

export function CreateConnector({ devices }: { devices: DeviceRef[] }) {
  const { t } = useTranslation('connectors');
  const [f, setF] = useState<FormState>(emptyForm);
  const [bad, setBad] = useState<string | null>(null);
  const deviceId = f.deviceId || devices[0]?.id || '';
  const device = devices.find((d) => d.id === deviceId);
  const set = (k: keyof FormState) => (e: { target: { value: string } }) =>
    setF((s) => ({ ...s, [k]: e.target.value }));
  const field = (k: keyof FormState, type = 'text', required = true) => (
    <label>
      {t(k === 'name' ? 'page.name' : `form.${k}`)}
      <input
        name={k}
        type={type}
        required={required}
        value={f[k] as string}
        onChange={set(k)}
        aria-invalid={bad === k || undefined}
        className={k === 'endpointUrl' ? 'wide' : undefined}
        autoComplete={type === 'password' ? 'new-password' : 'off'}
      />
    </label>
  );
  const submit = async () => {
    setBad(null);
    try {
      return await createConnector(toDefinition({ ...f, deviceId }, device?.assetId ?? ''));
    } catch (e) {
      if (isApiError(e) && e.status === 400) setBad(badField(e.details));
      throw e;
    }
  };
  return (
    <CreateForm
      title={t('form.create')}
      submitLabel={t('form.save')}
      submit={submit}
      success={(r) =>
        r.verification.reason
          ? t('form.unchecked', { name: r.connector.name, reason: r.verification.reason })
          : t('form.created', { name: r.connector.name })
      }
      invalidate={[connectorsKey]}
      onReset={() => {
        setF(emptyForm());
        setBad(null);
      }}
      incomplete={!device}
    >
      {!device && <p className="muted">{t('form.noDevice')}</p>}
      <label>
        {t('page.protocol')}
        <select name="protocol" value={f.protocol} onChange={set('protocol')}>
          <option value="modbus">{t('protocol.modbus')}</option>
          <option value="opcua">{t('protocol.opcua')}</option>
        </select>
      </label>
      {field('name')}
      <label>
        {t('page.device')}
        <select name="deviceId" value={deviceId} onChange={set('deviceId')}>
          {devices.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('page.runOn')}
        <select name="runOn" value={f.runOn} onChange={set('runOn')}>
          <option value="platform">{t('runOn.platform')}</option>
          <option value="gateway">{t('runOn.gateway')}</option>
        </select>
      </label>
      {f.protocol === 'modbus' ? (
        <>
          {field('host')}
          {field('port', 'number')}
          {field('unitId', 'number')}
          {field('intervalMs', 'number', false)}
        </>
      ) : (
        <>
          {field('endpointUrl')}
          <label>
            {t('form.securityMode')}
            <select name="securityMode" value={f.securityMode} onChange={set('securityMode')}>
              {SECURITY_MODES.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          {field('username', 'text', false)}
          {field('password', 'password', false)}
        </>
      )}
      <MappingsEditor
        protocol={f.protocol}
        rows={f.mappings}
        onChange={(mappings) => setF((s) => ({ ...s, mappings }))}
        bad={bad}
      />
    </CreateForm>
  );
}
