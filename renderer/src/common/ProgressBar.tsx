/** A determinate bar; `thin` is the footer's hairline variant. */
export function ProgressBar({
  done,
  total,
  label,
  thin = false,
}: {
  done: number;
  total: number;
  label: string;
  thin?: boolean;
}) {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  return (
    <div
      className={thin ? 'progress progress-thin' : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={done}
    >
      <div className="progress-fill" style={{ width: `${fraction * 100}%` }} />
    </div>
  );
}
