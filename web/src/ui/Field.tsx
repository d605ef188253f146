// A labelled text input with an optional hint, the only form control the auth screen needs.
import { useId, type ReactNode } from 'react';

type FieldProps = {
  readonly label: string;
  readonly type?: 'text' | 'email' | 'password';
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly autoComplete: string;
  readonly hint?: string;
  readonly autoFocus?: boolean;
};

export function Field({ label, type = 'text', value, onChange, autoComplete, hint, autoFocus }: FieldProps): ReactNode {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="field-input"
        type={type}
        value={value}
        autoComplete={autoComplete}
        spellCheck={false}
        autoFocus={autoFocus === true}
        aria-describedby={hint === undefined ? undefined : hintId}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint === undefined ? null : (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}
