// The fields of a connector, shared by the create form and the edit screen: protocol (fixed once
// stored), name, device, where it runs, the protocol's endpoint (Modbus host, port, polling
// interval, timeout and retries; OPC UA endpoint, security mode, user, write-only password and
// publishing interval) and the mappings. The field a refusal names is marked and its reason shown beside it.
import type { Dispatch, SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import { SECURITY_MODES, type FieldProblem, type FormState } from './form-state';
import { FieldError, MappingsEditor } from './mappings-editor';
import type { DeviceRef } from './queries';

export function ConnectorFields({
  f,
  setF,
  devices,
  deviceId,
  problem,
  stored,
}: {
  f: FormState;
  setF: Dispatch<SetStateAction<FormState>>;
  devices: DeviceRef[];
  deviceId: string;
  problem: FieldProblem | null;
  /** Editing a stored connector: its protocol stays, its password is never shown. */
  stored?: { hasPassword: boolean };
}) {
  const { t } = useTranslation('connectors');
  const set = (k: keyof FormState) => (e: { target: { value: string } }) =>
    setF((s) => ({ ...s, [k]: e.target.value }));
  const bad = (k: string) => problem?.field === k;
  const field = (k: keyof FormState, type = 'text', required = true) => (
    <label>
      {t(k === 'name' ? 'page.name' : `form.${k}`)}
      <input
        name={k}
        type={type}
        required={required}
        value={f[k] as string}
        onChange={set(k)}
        aria-invalid={bad(k) || undefined}
        className={k === 'endpointUrl' ? 'wide' : undefined}
        autoComplete={type === 'password' ? 'new-password' : 'off'}
        placeholder={k === 'password' && stored?.hasPassword ? t('form.passwordKept') : undefined}
      />
      {bad(k) && <FieldError text={problem!.reason} />}
    </label>
  );
  return (
    <>
      <label>
        {t('page.protocol')}
        <select
          name="protocol"
          value={f.protocol}
          onChange={set('protocol')}
          disabled={stored !== undefined}
        >
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
          {field('intervalMs', 'number', false)}
          {field('timeoutMs', 'number', false)}
          {field('retries', 'number', false)}
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
          {field('publishingIntervalMs', 'number', false)}
        </>
      )}
      <MappingsEditor
        protocol={f.protocol}
        rows={f.mappings}
        onChange={(mappings) => setF((s) => ({ ...s, mappings }))}
        problem={problem}
      />
    </>
  );
}
