// The mapping rows of the create form: per row the asset channel and, for Modbus, function,
// address, data type, byte and word order, scale and offset; for OPC UA the namespace URI, node
// id and sampling interval. The field a refusal names is marked invalid (aria-invalid).
import { useTranslation } from 'react-i18next';
import { DATA_TYPES, emptyMapping, FUNCTIONS, type MappingRow, type Protocol } from './form-state';

type Key = keyof MappingRow;

export function MappingsEditor({
  protocol,
  rows,
  onChange,
  bad,
}: {
  protocol: Protocol;
  rows: MappingRow[];
  onChange: (rows: MappingRow[]) => void;
  /** The field the server refused, e.g. `mappings[1].address`. */
  bad: string | null;
}) {
  const { t } = useTranslation('connectors');
  const set = (i: number, k: Key) => (e: { target: { value: string } }) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, [k]: e.target.value } : r)));
  const invalid = (i: number, k: Key) => bad === `mappings[${i}].${k}` || undefined;
  const input = (i: number, k: Key, type = 'text') => (
    <label>
      {t(`form.${k}`)}
      <input
        type={type}
        required={k === 'channel' || k === 'address' || k === 'nodeId' || k === 'namespaceUri'}
        value={rows[i]![k]}
        onChange={set(i, k)}
        aria-invalid={invalid(i, k)}
        className={k === 'namespaceUri' ? 'wide' : type === 'number' ? 'narrow' : undefined}
        {...(type === 'number' ? { step: 'any' } : {})}
      />
    </label>
  );
  const choice = (i: number, k: Key, options: readonly string[], label: (o: string) => string) => (
    <label>
      {t(`form.${k}`)}
      <select value={rows[i]![k]} onChange={set(i, k)} aria-invalid={invalid(i, k)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {label(o)}
          </option>
        ))}
      </select>
    </label>
  );
  const order = (o: string) => t(`order.${o}`);
  return (
    <fieldset className="connector-mappings">
      <legend>{t('form.mappings')}</legend>
      {rows.map((_, i) => (
        <div
          key={i}
          className="toolbar connector-mapping"
          role="group"
          aria-label={t('form.row', { n: i + 1 })}
          aria-invalid={bad?.startsWith(`mappings[${i}]`) || undefined}
        >
          <span className="badge">{i + 1}</span>
          {input(i, 'channel')}
          {protocol === 'modbus' ? (
            <>
              {choice(i, 'function', FUNCTIONS, (o) => t(`function.${o}`))}
              {input(i, 'address', 'number')}
              {choice(i, 'dataType', DATA_TYPES, (o) => o)}
              {choice(i, 'byteOrder', ['big', 'little'], order)}
              {choice(i, 'wordOrder', ['big', 'little'], order)}
              {input(i, 'scale', 'number')}
              {input(i, 'offset', 'number')}
            </>
          ) : (
            <>
              {input(i, 'namespaceUri')}
              {input(i, 'nodeId')}
              {input(i, 'samplingIntervalMs', 'number')}
            </>
          )}
          <button
            type="button"
            aria-label={t('form.removeMapping', { n: i + 1 })}
            disabled={rows.length === 1}
            onClick={() => onChange(rows.filter((__, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, emptyMapping()])}>
        {t('form.addMapping')}
      </button>
    </fieldset>
  );
}
