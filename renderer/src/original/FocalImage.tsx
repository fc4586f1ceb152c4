import type { MouseEvent } from 'react';

/**
 * The original, large. A click sets its focal point (as fractions of width and height, the
 * catalog's unit), shown as a marker.
 */
export function FocalImage({
  src,
  alt,
  focal,
  onSetFocal,
}: {
  src: string;
  alt: string;
  focal: { x: number; y: number } | null;
  onSetFocal: (x: number, y: number) => void;
}) {
  const onClick = (event: MouseEvent<HTMLImageElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const clamp = (value: number) => Math.min(1, Math.max(0, value));
    onSetFocal(
      clamp((event.clientX - box.left) / box.width),
      clamp((event.clientY - box.top) / box.height),
    );
  };
  return (
    <div className="focal-image">
      <div className="focal-image-box">
        <img src={src} alt={alt} onClick={onClick} title="Click to set the focal point" />
        {focal && (
          <span
            className="focal-marker"
            role="img"
            aria-label={`Focal point at ${Math.round(focal.x * 100)} %, ${Math.round(focal.y * 100)} %`}
            style={{ left: `${focal.x * 100}%`, top: `${focal.y * 100}%` }}
          />
        )}
      </div>
    </div>
  );
}
