import type { ReactNode } from 'react';

/** What a screen shows when it has nothing yet: what this is for and the next step to take. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="empty-state" role="status">
      <h2>{title}</h2>
      <p className="muted">{children}</p>
      {action}
    </div>
  );
}
