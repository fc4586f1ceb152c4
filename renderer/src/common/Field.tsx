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
