/**
 * A dismissable line above a screen: a failure (an alert, read out at once) or news of
 * something done (a status). Renders nothing without a message.
 */
export function Notice({
  message,
  kind,
  onDismiss,
}: {
  message: string | null;
  kind: 'failure' | 'info';
  onDismiss: () => void;
}) {
  if (!message) return null;
  const failure = kind === 'failure';
  return (
    <p className={failure ? 'notice' : 'notice info'} role={failure ? 'alert' : 'status'}>
      <span>{message}</span>
      <button type="button" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </p>
  );
}
