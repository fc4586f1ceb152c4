/**
 * imgproxy's processing size tests (`processing/processing_test.go` at commit eef3b31), case by
 * case: each runs `resize:<type>:<width>:<height>` with the same extra options on
 * `geometry.png` (200 × 100) and expects imgproxy's output size.
 */
export interface SizeCase {
  type: 'fit' | 'fill' | 'fill-down';
  width: number;
  height: number;
  /** max_result_dimension */
  limit?: number;
  rotate?: number;
  paddingTop?: number;
  paddingRight?: number;
  paddingBottom?: number;
  paddingLeft?: number;
  enlarge?: true;
  extend?: true;
  extendAR?: true;
  out: [number, number];
}

/**
 * The URL options imgproxy's OptionsBuilder writes for a case.
 * @example sizeCaseOptions({ type: 'fit', width: 50, height: 0, out: [50, 25] }) === 'resize:fit:50:0'
 */
export function sizeCaseOptions(c: SizeCase): string {
  const options: string[] = [];
  if (c.limit) options.push(`max_result_dimension:${c.limit}`);
  options.push(`resize:${c.type}:${c.width}:${c.height}`);
  if (c.enlarge) options.push('enlarge:1');
  if (c.extend) options.push('extend:1');
  if (c.extendAR) options.push('extend_aspect_ratio:1');
  if (c.rotate) options.push(`rotate:${c.rotate}`);
  const padding = [c.paddingTop, c.paddingRight, c.paddingBottom, c.paddingLeft];
  if (padding.some((p) => p)) options.push(`padding:${padding.map((p) => p ?? 0).join(':')}`);
  return options.join('/');
}

export const SIZE_CASES: readonly SizeCase[] = [
  // TestResizeToFit
  { type: 'fit', width: 50, height: 50, out: [50, 25] },
  { type: 'fit', width: 50, height: 20, out: [40, 20] },
  { type: 'fit', width: 20, height: 50, out: [20, 10] },
  { type: 'fit', width: 300, height: 300, out: [200, 100] },
  { type: 'fit', width: 300, height: 50, out: [100, 50] },
  { type: 'fit', width: 100, height: 300, out: [100, 50] },
  { type: 'fit', width: 0, height: 50, out: [100, 50] },
  { type: 'fit', width: 50, height: 0, out: [50, 25] },
  { type: 'fit', width: 0, height: 200, out: [200, 100] },
  { type: 'fit', width: 300, height: 0, out: [200, 100] },
  // TestResizeToFitEnlarge
  { type: 'fit', width: 50, height: 50, enlarge: true, out: [50, 25] },
  { type: 'fit', width: 50, height: 20, enlarge: true, out: [40, 20] },
  { type: 'fit', width: 20, height: 50, enlarge: true, out: [20, 10] },
  { type: 'fit', width: 300, height: 300, enlarge: true, out: [300, 150] },
  { type: 'fit', width: 300, height: 125, enlarge: true, out: [250, 125] },
  { type: 'fit', width: 250, height: 300, enlarge: true, out: [250, 125] },
  { type: 'fit', width: 0, height: 50, enlarge: true, out: [100, 50] },
  { type: 'fit', width: 50, height: 0, enlarge: true, out: [50, 25] },
  { type: 'fit', width: 0, height: 200, enlarge: true, out: [400, 200] },
  { type: 'fit', width: 300, height: 0, enlarge: true, out: [300, 150] },
  // TestResizeToFitExtend
  { type: 'fit', width: 50, height: 50, extend: true, out: [50, 50] },
  { type: 'fit', width: 50, height: 20, extend: true, out: [50, 20] },
  { type: 'fit', width: 20, height: 50, extend: true, out: [20, 50] },
  { type: 'fit', width: 300, height: 300, extend: true, out: [300, 300] },
  { type: 'fit', width: 300, height: 125, extend: true, out: [300, 125] },
  { type: 'fit', width: 250, height: 300, extend: true, out: [250, 300] },
  { type: 'fit', width: 0, height: 50, extend: true, out: [100, 50] },
  { type: 'fit', width: 50, height: 0, extend: true, out: [50, 25] },
  { type: 'fit', width: 0, height: 200, extend: true, out: [200, 200] },
  { type: 'fit', width: 300, height: 0, extend: true, out: [300, 100] },
  // TestResizeToFitExtendAR
  { type: 'fit', width: 50, height: 50, extendAR: true, out: [50, 50] },
  { type: 'fit', width: 50, height: 20, extendAR: true, out: [50, 20] },
  { type: 'fit', width: 20, height: 50, extendAR: true, out: [20, 50] },
  { type: 'fit', width: 300, height: 300, extendAR: true, out: [200, 200] },
  { type: 'fit', width: 300, height: 125, extendAR: true, out: [240, 100] },
  { type: 'fit', width: 250, height: 500, extendAR: true, out: [200, 400] },
  { type: 'fit', width: 0, height: 50, extendAR: true, out: [100, 50] },
  { type: 'fit', width: 50, height: 0, extendAR: true, out: [50, 25] },
  { type: 'fit', width: 0, height: 200, extendAR: true, out: [200, 100] },
  { type: 'fit', width: 300, height: 0, extendAR: true, out: [200, 100] },
  // TestResizeToFill
  { type: 'fill', width: 50, height: 50, out: [50, 50] },
  { type: 'fill', width: 50, height: 20, out: [50, 20] },
  { type: 'fill', width: 20, height: 50, out: [20, 50] },
  { type: 'fill', width: 300, height: 300, out: [200, 100] },
  { type: 'fill', width: 300, height: 50, out: [200, 50] },
  { type: 'fill', width: 100, height: 300, out: [100, 100] },
  { type: 'fill', width: 0, height: 50, out: [100, 50] },
  { type: 'fill', width: 50, height: 0, out: [50, 25] },
  { type: 'fill', width: 0, height: 200, out: [200, 100] },
  { type: 'fill', width: 300, height: 0, out: [200, 100] },
  // TestResizeToFillEnlarge
  { type: 'fill', width: 50, height: 50, enlarge: true, out: [50, 50] },
  { type: 'fill', width: 50, height: 20, enlarge: true, out: [50, 20] },
  { type: 'fill', width: 20, height: 50, enlarge: true, out: [20, 50] },
  { type: 'fill', width: 300, height: 300, enlarge: true, out: [300, 300] },
  { type: 'fill', width: 300, height: 125, enlarge: true, out: [300, 125] },
  { type: 'fill', width: 250, height: 300, enlarge: true, out: [250, 300] },
  { type: 'fill', width: 0, height: 50, enlarge: true, out: [100, 50] },
  { type: 'fill', width: 50, height: 0, enlarge: true, out: [50, 25] },
  { type: 'fill', width: 0, height: 200, enlarge: true, out: [400, 200] },
  { type: 'fill', width: 300, height: 0, enlarge: true, out: [300, 150] },
  // TestResizeToFillExtend
  { type: 'fill', width: 50, height: 50, extend: true, out: [50, 50] },
  { type: 'fill', width: 50, height: 20, extend: true, out: [50, 20] },
  { type: 'fill', width: 20, height: 50, extend: true, out: [20, 50] },
  { type: 'fill', width: 300, height: 300, extend: true, out: [300, 300] },
  { type: 'fill', width: 300, height: 125, extend: true, out: [300, 125] },
  { type: 'fill', width: 250, height: 300, extend: true, out: [250, 300] },
  { type: 'fill', width: 300, height: 50, extend: true, out: [300, 50] },
  { type: 'fill', width: 100, height: 300, extend: true, out: [100, 300] },
  { type: 'fill', width: 0, height: 50, extend: true, out: [100, 50] },
  { type: 'fill', width: 50, height: 0, extend: true, out: [50, 25] },
  { type: 'fill', width: 0, height: 200, extend: true, out: [200, 200] },
  { type: 'fill', width: 300, height: 0, extend: true, out: [300, 100] },
  // TestResizeToFillExtendAR
  { type: 'fill', width: 50, height: 50, extendAR: true, out: [50, 50] },
  { type: 'fill', width: 50, height: 20, extendAR: true, out: [50, 20] },
  { type: 'fill', width: 20, height: 50, extendAR: true, out: [20, 50] },
  { type: 'fill', width: 300, height: 300, extendAR: true, out: [200, 200] },
  { type: 'fill', width: 300, height: 125, extendAR: true, out: [240, 100] },
  { type: 'fill', width: 250, height: 500, extendAR: true, out: [200, 400] },
  { type: 'fill', width: 300, height: 50, extendAR: true, out: [300, 50] },
  { type: 'fill', width: 100, height: 300, extendAR: true, out: [100, 300] },
  { type: 'fill', width: 0, height: 50, extendAR: true, out: [100, 50] },
  { type: 'fill', width: 50, height: 0, extendAR: true, out: [50, 25] },
  { type: 'fill', width: 0, height: 200, extendAR: true, out: [200, 100] },
  { type: 'fill', width: 300, height: 0, extendAR: true, out: [200, 100] },
  // TestResizeToFillDown
  { type: 'fill-down', width: 50, height: 50, out: [50, 50] },
  { type: 'fill-down', width: 50, height: 20, out: [50, 20] },
  { type: 'fill-down', width: 20, height: 50, out: [20, 50] },
  { type: 'fill-down', width: 300, height: 300, out: [100, 100] },
  { type: 'fill-down', width: 300, height: 125, out: [200, 83] },
  { type: 'fill-down', width: 250, height: 300, out: [83, 100] },
  { type: 'fill-down', width: 0, height: 50, out: [100, 50] },
  { type: 'fill-down', width: 50, height: 0, out: [50, 25] },
  { type: 'fill-down', width: 0, height: 200, out: [200, 100] },
  { type: 'fill-down', width: 300, height: 0, out: [200, 100] },
  // TestResizeToFillDownEnlarge
  { type: 'fill-down', width: 50, height: 50, enlarge: true, out: [50, 50] },
  { type: 'fill-down', width: 50, height: 20, enlarge: true, out: [50, 20] },
  { type: 'fill-down', width: 20, height: 50, enlarge: true, out: [20, 50] },
  { type: 'fill-down', width: 300, height: 300, enlarge: true, out: [300, 300] },
  { type: 'fill-down', width: 300, height: 125, enlarge: true, out: [300, 125] },
  { type: 'fill-down', width: 250, height: 300, enlarge: true, out: [250, 300] },
  { type: 'fill-down', width: 0, height: 50, enlarge: true, out: [100, 50] },
  { type: 'fill-down', width: 50, height: 0, enlarge: true, out: [50, 25] },
  { type: 'fill-down', width: 0, height: 200, enlarge: true, out: [400, 200] },
  { type: 'fill-down', width: 300, height: 0, enlarge: true, out: [300, 150] },
  // TestResizeToFillDownExtend
  { type: 'fill-down', width: 50, height: 50, extend: true, out: [50, 50] },
  { type: 'fill-down', width: 50, height: 20, extend: true, out: [50, 20] },
  { type: 'fill-down', width: 20, height: 50, extend: true, out: [20, 50] },
  { type: 'fill-down', width: 300, height: 300, extend: true, out: [300, 300] },
  { type: 'fill-down', width: 300, height: 125, extend: true, out: [300, 125] },
  { type: 'fill-down', width: 250, height: 300, extend: true, out: [250, 300] },
  { type: 'fill-down', width: 300, height: 50, extend: true, out: [300, 50] },
  { type: 'fill-down', width: 100, height: 300, extend: true, out: [100, 300] },
  { type: 'fill-down', width: 0, height: 50, extend: true, out: [100, 50] },
  { type: 'fill-down', width: 50, height: 0, extend: true, out: [50, 25] },
  { type: 'fill-down', width: 0, height: 200, extend: true, out: [200, 200] },
  { type: 'fill-down', width: 300, height: 0, extend: true, out: [300, 100] },
  // TestResizeToFillDownExtendAR
  { type: 'fill-down', width: 50, height: 50, extendAR: true, out: [50, 50] },
  { type: 'fill-down', width: 50, height: 20, extendAR: true, out: [50, 20] },
  { type: 'fill-down', width: 20, height: 50, extendAR: true, out: [20, 50] },
  { type: 'fill-down', width: 300, height: 300, extendAR: true, out: [100, 100] },
  { type: 'fill-down', width: 300, height: 125, extendAR: true, out: [200, 83] },
  { type: 'fill-down', width: 250, height: 300, extendAR: true, out: [83, 100] },
  { type: 'fill-down', width: 0, height: 50, extendAR: true, out: [100, 50] },
  { type: 'fill-down', width: 50, height: 0, extendAR: true, out: [50, 25] },
  { type: 'fill-down', width: 0, height: 200, extendAR: true, out: [200, 100] },
  { type: 'fill-down', width: 300, height: 0, extendAR: true, out: [200, 100] },
  // TestResultSizeLimit
  { type: 'fit', width: 100, height: 100, limit: 1000, out: [100, 50] },
  { type: 'fit', width: 100, height: 100, limit: 50, out: [50, 25] },
  { type: 'fit', width: 0, height: 0, limit: 50, out: [50, 25] },
  { type: 'fit', width: 0, height: 100, limit: 100, out: [100, 50] },
  { type: 'fit', width: 150, height: 0, limit: 50, out: [50, 25] },
  { type: 'fit', width: 1000, height: 1000, limit: 100, out: [100, 50] },
  { type: 'fit', width: 1000, height: 1000, limit: 100, enlarge: true, out: [100, 50] },
  { type: 'fit', width: 1000, height: 2000, limit: 100, extend: true, out: [50, 100] },
  { type: 'fit', width: 1000, height: 2000, limit: 100, extendAR: true, out: [50, 100] },
  { type: 'fit', width: 100, height: 150, limit: 100, rotate: 90, out: [50, 100] },
  { type: 'fit', width: 0, height: 0, limit: 100, rotate: 90, out: [50, 100] },
  {
    type: 'fit',
    width: 100,
    height: 100,
    limit: 200,
    paddingTop: 100,
    paddingRight: 200,
    paddingBottom: 300,
    paddingLeft: 400,
    out: [200, 129],
  },
  { type: 'fill', width: 100, height: 100, limit: 1000, out: [100, 100] },
  { type: 'fill', width: 100, height: 100, limit: 50, out: [50, 50] },
  { type: 'fill', width: 1000, height: 50, limit: 50, out: [50, 13] },
  { type: 'fill', width: 100, height: 1000, limit: 50, out: [50, 50] },
  { type: 'fill', width: 0, height: 0, limit: 50, out: [50, 25] },
  { type: 'fill', width: 0, height: 100, limit: 100, out: [100, 50] },
  { type: 'fill', width: 150, height: 0, limit: 50, out: [50, 25] },
  { type: 'fill', width: 1000, height: 1000, limit: 100, out: [100, 50] },
  { type: 'fill', width: 1000, height: 1000, limit: 100, enlarge: true, out: [100, 100] },
  { type: 'fill', width: 1000, height: 2000, limit: 100, extend: true, out: [50, 100] },
  { type: 'fill', width: 1000, height: 2000, limit: 100, extendAR: true, out: [50, 100] },
  { type: 'fill', width: 100, height: 150, limit: 100, rotate: 90, out: [67, 100] },
  { type: 'fill', width: 0, height: 0, limit: 100, rotate: 90, out: [50, 100] },
  {
    type: 'fill',
    width: 100,
    height: 100,
    limit: 200,
    paddingTop: 100,
    paddingRight: 200,
    paddingBottom: 300,
    paddingLeft: 400,
    out: [200, 144],
  },
  { type: 'fill-down', width: 100, height: 100, limit: 1000, out: [100, 100] },
  { type: 'fill-down', width: 100, height: 100, limit: 50, out: [50, 50] },
  { type: 'fill-down', width: 1000, height: 50, limit: 50, out: [50, 3] },
  { type: 'fill-down', width: 100, height: 1000, limit: 50, out: [5, 50] },
  { type: 'fill-down', width: 0, height: 0, limit: 50, out: [50, 25] },
  { type: 'fill-down', width: 0, height: 100, limit: 100, out: [100, 50] },
  { type: 'fill-down', width: 150, height: 0, limit: 50, out: [50, 25] },
  { type: 'fill-down', width: 1000, height: 1000, limit: 100, out: [100, 100] },
  { type: 'fill-down', width: 1000, height: 1000, limit: 100, enlarge: true, out: [100, 100] },
  { type: 'fill-down', width: 1000, height: 2000, limit: 100, extend: true, out: [50, 100] },
  { type: 'fill-down', width: 1000, height: 2000, limit: 100, extendAR: true, out: [50, 100] },
  { type: 'fill-down', width: 1000, height: 1500, limit: 100, rotate: 90, out: [67, 100] },
  { type: 'fill-down', width: 0, height: 0, limit: 100, rotate: 90, out: [50, 100] },
  {
    type: 'fill-down',
    width: 100,
    height: 100,
    limit: 200,
    paddingTop: 100,
    paddingRight: 200,
    paddingBottom: 300,
    paddingLeft: 400,
    out: [200, 144],
  },
  {
    type: 'fill-down',
    width: 1000,
    height: 1000,
    limit: 200,
    paddingTop: 100,
    paddingRight: 200,
    paddingBottom: 300,
    paddingLeft: 400,
    out: [200, 144],
  },
];
