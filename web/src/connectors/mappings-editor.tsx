// The mapping rows of a connector form: per row the asset channel and, for Modbus, unit id,
// function, address, data type, byte and word order, scale and offset; for OPC UA the namespace
// URI, node id and sampling interval; for both the deadband (kind and value). Rows are added and
// removed; the field a refusal names is marked invalid (aria-invalid) with the reason under it,
// tied to it by aria-describedby.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DATA_TYPES,
  DEADBANDS,
  emptyMapping,
  fieldPath,
  FUNCTIONS,
  type FieldProblem,
  type MappingFields,
  type MappingRow,
  type Protocol,
} from './form-state';

type Key = Exclude<keyof MappingFields, 'asset'>;

/** The reason a field was refused, shown under it. */
export function FieldError({ text, id }: { text: string; id?: string }) {
  return (
    <span className="field-error" id={id} data-testid="field-error">
      {text}
    </span>
  );
}

export function MappingsEditor({
  protocol,
  rows,
  onChange,
  problem,
}: {
  protocol: Protocol;
  rows: MappingRow[];
  onChange: (rows: MappingRow[]) => void;
  /** The field refused, e.g. `mappings[1].address`, and why. */
  problem: FieldProblem | null;
}) {
  const { t } = useTranslation('connectors');
  const uid = useId();
  const bad = problem?.field ?? null;
  const errorId = `${uid}-error`;
  const set = (i: number, k: Key) => (e: { target: { value: string } }) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, [k]: e.target.value } : r)));
  const invalid = (i: number, k: Key) => bad === `mappings[${i}].${fieldPath(k)}` || undefined;
  const input = (i: number, k: Key, type = 'text') => (
    <label>
      {t(`form.${k}`)}
      <input
        type={type}
        required={k === 'channel' || k === 'address' || k === 'nodeId' || k === 'namespaceUri'}
        value={rows[i]![k]}
        onChange={set(i, k)}
        aria-invalid={invalid(i, k)}
        aria-describedby={invalid(i, k) ? errorId : undefined}
        className={k === 'namespaceUri' ? 'wide' : type === 'number' ? 'narrow' : undefined}
        {...(type === 'number' ? { step: 'any' } : {})}
      />
      {invalid(i, k) && <FieldError id={errorId} text={problem!.reason} />}
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
      {invalid(i, k) && <FieldError text={problem!.reason} />}
    </label>
  );
  const order = (o: string) => t(`order.${o}`);
  const deadband: Key[] = ['deadbandKind', 'deadbandValue'];
  const shown: readonly Key[] =
    protocol === 'modbus'
      ? [
          'channel',
          'unitId',
          'function',
          'address',
          'dataType',
          'byteOrder',
          'wordOrder',
          'scale',
          'offset',
        ]
      : ['channel', 'namespaceUri', 'nodeId', 'samplingIntervalMs'];
  /** A refusal of this row for a field it has no input for (queue size…): said at the row. */
  const rowOnly = (i: number) =>
    bad?.startsWith(`mappings[${i}]`) &&
    ![...shown, ...deadband].some((k) => bad === `mappings[${i}].${fieldPath(k)}`);
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
          {rowOnly(i) && <FieldError text={problem!.reason} />}
          {input(i, 'channel')}
          {protocol === 'modbus' ? (
            <>
              {input(i, 'unitId', 'number')}
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
          {choice(i, 'deadbandKind', DEADBANDS, (o) => t(`deadband.${protocol}.${o}`))}
          {rows[i]!.deadbandKind !== 'none' && input(i, 'deadbandValue', 'number')}
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
