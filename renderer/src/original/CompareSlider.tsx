import { useState } from 'react';

/**
 * Before/after: the derivative is laid over the original, scaled to the same box, and the
 * slider uncovers one or the other.
 */
export function CompareSlider({
  before,
  after,
  afterLabel,
}: {
  before: string;
  after: string;
  afterLabel: string;
}) {
  const [split, setSplit] = useState(50);
  return (
    <figure className="compare">
      <div className="compare-stage">
        <img src={before} alt="Original" className="compare-before" />
        <img
          src={after}
          alt={afterLabel}
          className="compare-after"
          style={{ clipPath: `inset(0 0 0 ${split}%)` }}
        />
        <span className="compare-divider" style={{ left: `${split}%` }} />
      </div>
      <figcaption>
        <span className="muted">Original</span>
        <input
          type="range"
          min={0}
          max={100}
          value={split}
          aria-label="Compare original and derivative"
          onChange={(event) => setSplit(Number(event.target.value))}
        />
        <span className="muted">{afterLabel}</span>
      </figcaption>
    </figure>
  );
}
