import type { DerivativeView } from '../../../shared/contract/models.js';
import { densitySuffix, formatDimensions } from '../../../shared/naming.js';
import { bytesWithSaving } from '../common/bytes.js';
import { StateBadge } from '../common/StateBadge.js';

export function derivativeLabel(d: DerivativeView): string {
  return `${d.preset} ${d.format}${densitySuffix(d.density)}`;
}

/** Every derivative of one original; choosing a built one puts it in the comparison. */
export function DerivativeTable({
  derivatives,
  originalBytes,
  chosen,
  onChoose,
}: {
  derivatives: DerivativeView[];
  originalBytes: number;
  chosen: DerivativeView | undefined;
  onChoose: (derivative: DerivativeView) => void;
}) {
  if (derivatives.length === 0) {
    return <p className="muted">No presets yet: add one in Presets to plan derivatives.</p>;
  }
  return (
    <table className="derivatives">
      <caption className="sr-only">Derivatives</caption>
      <thead>
        <tr>
          <th>Derivative</th>
          <th className="num">Size</th>
          <th className="num">Bytes</th>
          <th>State</th>
        </tr>
      </thead>
      <tbody>
        {derivatives.map((d) => {
          const label = derivativeLabel(d);
          const isChosen = chosen === d;
          return (
            <tr
              key={label}
              className={isChosen ? 'chosen' : undefined}
              aria-selected={isChosen}
              onClick={d.media ? () => onChoose(d) : undefined}
              title={d.error ?? (d.media ? 'Compare with the original' : undefined)}
            >
              <td>{label}</td>
              <td className="num">
                {d.width !== null && d.height !== null ? formatDimensions(d.width, d.height) : '—'}
              </td>
              <td className="num">{bytesWithSaving(d.bytes, originalBytes)}</td>
              <td>
                <StateBadge state={d.state} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
