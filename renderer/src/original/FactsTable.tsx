import type { OriginalDetail } from '../../../shared/contract/index.js';
import { formatBytes, formatDimensions } from '../../../shared/naming.js';

/** What the engine knows about an original's file, as a compact two-column table. */
export function FactsTable({ original }: { original: OriginalDetail }) {
  const facts: [string, string][] = [
    ['Source', `${original.source}/${original.path}`],
    [
      'Size',
      original.width !== null && original.height !== null
        ? formatDimensions(original.width, original.height)
        : '—',
    ],
    ['File', formatBytes(original.bytes)],
    ['Format', original.format ?? '—'],
    ['Colour space', [original.space, original.icc].filter(Boolean).join(', ') || '—'],
    ['Depth', original.depth ?? '—'],
    ['Alpha', original.hasAlpha === null ? '—' : original.hasAlpha ? 'yes' : 'no'],
    ['Hash', original.hash ?? '—'],
    [
      'Focal point',
      original.focal
        ? `${Math.round(original.focal.x * 100)} %, ${Math.round(original.focal.y * 100)} %`
        : 'not set (click the image)',
    ],
  ];
  if (original.error) facts.push(['Error', original.error]);
  return (
    <table className="facts">
      <caption className="sr-only">Facts</caption>
      <tbody>
        {facts.map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td
              className={
                name === 'Hash' ? 'mono hash' : name === 'Error' ? 'error-reason' : undefined
              }
            >
              {value}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
