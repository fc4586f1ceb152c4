import { formatBytes } from '../../../shared/naming.js';

export interface Bar {
  label: string;
  value: number;
}

/** Horizontal bars of bytes, longest first; plain HTML so it themes with the rest. */
export function BarChart({ title, bars }: { title: string; bars: Bar[] }) {
  const sorted = [...bars].sort((a, b) => b.value - a.value);
  const max = Math.max(1, ...sorted.map((bar) => bar.value));
  return (
    <figure className="bar-chart">
      <figcaption>{title}</figcaption>
      {sorted.length === 0 ? (
        <p className="muted">Nothing built yet.</p>
      ) : (
        <ul aria-label={title}>
          {sorted.map((bar) => (
            <li key={bar.label} aria-label={`${bar.label}: ${formatBytes(bar.value)}`}>
              <span className="bar-label">{bar.label}</span>
              <span className="bar-track">
                <span className="bar-fill" style={{ width: `${(bar.value / max) * 100}%` }} />
              </span>
              <span className="bar-value num">{formatBytes(bar.value)}</span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
