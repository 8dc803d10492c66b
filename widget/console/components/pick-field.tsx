/**
 * A labelled <select> over a fixed list of values (departments, priorities): the console's forms pick them the
 * same way. Only a listed value is ever passed on, so callers get their own type back, not any string.
 */
export function PickField<T extends string>(props: {
  label: string;
  value: T;
  options: readonly T[];
  testId: string;
  onChange: (value: T) => void;
  labelOf?: (value: T) => string;
  compact?: boolean;
  disabled?: boolean;
}) {
  const { label, value, options, testId, onChange, labelOf = (v: T) => v, compact = false, disabled = false } = props;
  return (
    <label class={compact ? 'field field-compact' : 'field'}>
      <span>{label}</span>
      <select
        value={value}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => {
          const picked = options.find((o) => o === e.currentTarget.value);
          if (picked !== undefined) onChange(picked);
        }}
      >
        {options.map((o) => (
          <option key={o} value={o}>
            {labelOf(o)}
          </option>
        ))}
      </select>
    </label>
  );
}
