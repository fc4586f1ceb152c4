/**
 * A line above a screen: a failure (an alert, read out at once) or news of something done (a
 * status), dismissable when given `onDismiss`. `inline` draws it as a message within a panel
 * rather than as a band across the screen. Renders nothing without a message.
 */
export function Notice({
  message,
  kind,
  onDismiss,
  inline = false,
}: {
  message: string | null | undefined;
  kind: 'failure' | 'info';
  onDismiss?: () => void;
  inline?: boolean;
}) {
  if (!message) return null;
  const failure = kind === 'failure';
  const className = inline ? 'field-error' : failure ? 'notice' : 'notice info';
  return (
    <p className={className} role={failure ? 'alert' : 'status'}>
      <span>{message}</span>
      {onDismiss && (
        <button type="button" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      )}
    </p>
  );
}
