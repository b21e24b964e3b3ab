// A group of checkboxes over a fixed list (a multiple choice that stays readable on a phone,
// where a <select multiple> does not).
import type { ReactNode } from 'react';

export function Checks<V extends string>({
  legend,
  options,
  value,
  onChange,
  label,
}: {
  legend: ReactNode;
  options: readonly V[];
  value: readonly V[];
  onChange: (v: V[]) => void;
  label: (v: V) => string;
}) {
  const toggle = (v: V, on: boolean) =>
    onChange(
      on ? options.filter((o) => o === v || value.includes(o)) : value.filter((x) => x !== v),
    );
  return (
    <fieldset className="channels">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o} className="check">
          <input
            type="checkbox"
            checked={value.includes(o)}
            onChange={(e) => toggle(o, e.target.checked)}
          />
          {label(o)}
        </label>
      ))}
    </fieldset>
  );
}
