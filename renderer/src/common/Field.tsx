import { useId, type ReactElement, type ReactNode } from 'react';

/**
 * A labelled form row with its validation message. The control is given as a render function
 * so it gets the ids that tie it to its label and message.
 */
export function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error: string | undefined;
  hint?: ReactNode;
  children: (ids: {
    id: string;
    describedBy: string | undefined;
    invalid: boolean;
  }) => ReactElement;
}) {
  const id = useId();
  const messageId = `${id}-message`;
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, describedBy: error ? messageId : undefined, invalid: Boolean(error) })}
      {error ? (
        <span id={messageId} className="field-error" role="alert">
          {label} {error}
        </span>
      ) : (
        hint && <span className="field-hint muted">{hint}</span>
      )}
    </div>
  );
}

/** A labelled text input with its message (or hint). */
export function TextField({
  label,
  value,
  error,
  hint,
  inputMode,
  placeholder,
  type,
  autoComplete,
  onChange,
}: {
  label: string;
  value: string;
  error: string | undefined;
  hint?: ReactNode;
  inputMode?: 'numeric' | 'decimal';
  placeholder?: string;
  type?: 'text' | 'password';
  autoComplete?: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type={type}
          autoComplete={autoComplete}
          value={value}
          inputMode={inputMode}
          placeholder={placeholder}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
