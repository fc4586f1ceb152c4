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

/**
 * The other processing suites' size cases (crop_test.go, extend_test.go, padding_test.go), as the
 * URL options imgproxy's builders write: [suite, options, [width, height]].
 */
export const OPTION_SIZE_CASES: readonly (readonly [string, string, readonly [number, number]])[] =
  [
    ['crop_test TestResizeFill', 'rs:fill:100:26/g:ce', [100, 26]],
    ['crop_test TestResizeFill', 'rs:fill:100:26/g:no', [100, 26]],
    ['crop_test TestResizeFill', 'rs:fill:100:26/g:so', [100, 26]],
    ['crop_test TestResizeFill', 'rs:fill:100:26/g:noea', [100, 26]],
    ['crop_test TestResizeFill', 'rs:fill:100:26/g:soea', [100, 26]],
    ['crop_test TestResizeFill', 'rs:fill:100:26/g:sowe', [100, 26]],
    ['crop_test TestResizeFill', 'rs:fill:100:26/g:nowe', [100, 26]],
    ['crop_test TestResizeFill', 'rs:fill:26:100/g:ce', [26, 100]],
    ['crop_test TestResizeFill', 'rs:fill:26:100/g:ea', [26, 100]],
    ['crop_test TestResizeFill', 'rs:fill:26:100/g:we', [26, 100]],
    ['crop_test TestResizeFill', 'rs:fill:26:100/g:noea', [26, 100]],
    ['crop_test TestResizeFill', 'rs:fill:26:100/g:soea', [26, 100]],
    ['crop_test TestResizeFill', 'rs:fill:26:100/g:sowe', [26, 100]],
    ['crop_test TestResizeFill', 'rs:fill:26:100/g:nowe', [26, 100]],
    ['crop_test TestResizeFill', 'rs:fill:100:26/g:ce/dpr:2', [200, 52]],
    ['crop_test TestResizeFill', 'rs:fill:100:26/g:no::5', [100, 26]],
    ['crop_test TestResizeFill', 'rs:fill:100:26/g:no::5/dpr:0.5', [50, 13]],
    ['crop_test TestResizeFill', 'rs:fill:100:26/g:no::5/dpr:2', [200, 52]],
    ['crop_test TestResizeFill', 'rs:fill:26:100/g:no:5', [26, 100]],
    ['crop_test TestResizeFill', 'rs:fill:26:100/g:no:5/dpr:0.5', [13, 50]],
    ['crop_test TestResizeFill', 'rs:fill:26:100/g:no:5/dpr:2', [26, 100]],
    ['crop_test TestResizeFill', 'rs:fill:100:26/g:no::0.1', [100, 26]],
    ['crop_test TestResizeFill', 'rs:fill:100:26/g:no::0.1/dpr:0.5', [50, 13]],
    ['crop_test TestResizeFill', 'rs:fill:100:26/g:no::0.1/dpr:2', [200, 52]],
    ['crop_test TestCrop', 'crop:50:50:ce', [50, 50]],
    ['crop_test TestCrop', 'crop:50:50:no', [50, 50]],
    ['crop_test TestCrop', 'crop:50:50:so', [50, 50]],
    ['crop_test TestCrop', 'crop:50:50:ea', [50, 50]],
    ['crop_test TestCrop', 'crop:50:50:we', [50, 50]],
    ['crop_test TestCrop', 'crop:50:50:noea', [50, 50]],
    ['crop_test TestCrop', 'crop:50:50:nowe', [50, 50]],
    ['crop_test TestCrop', 'crop:50:50:soea', [50, 50]],
    ['crop_test TestCrop', 'crop:50:50:sowe', [50, 50]],
    ['crop_test TestCrop', 'crop:50:50:ce:10', [50, 50]],
    ['crop_test TestCrop', 'crop:50:50:ce::10', [50, 50]],
    ['crop_test TestCrop', 'crop:50:50:ce:10:10', [50, 50]],
    ['crop_test TestCrop', 'crop:50:50:ce:0.1', [50, 50]],
    ['crop_test TestCrop', 'crop:50:50:ce::0.1', [50, 50]],
    ['crop_test TestCrop', 'crop:50:50:ce:0.1:0.1', [50, 50]],
    ['crop_test TestCrop', 'crop:50:50:ce:10:10/dpr:0.5', [25, 25]],
    ['extend_test TestExtend', 'width:500/height:500/extend:1:ce', [500, 500]],
    ['extend_test TestExtend', 'width:500/height:500/extend:1:no', [500, 500]],
    ['extend_test TestExtend', 'width:500/height:500/extend:1:so', [500, 500]],
    ['extend_test TestExtend', 'width:500/height:500/extend:1:ea', [500, 500]],
    ['extend_test TestExtend', 'width:500/height:500/extend:1:we', [500, 500]],
    ['extend_test TestExtend', 'width:500/height:500/extend:1:noea', [500, 500]],
    ['extend_test TestExtend', 'width:500/height:500/extend:1:soea', [500, 500]],
    ['extend_test TestExtend', 'width:500/height:500/extend:1:sowe', [500, 500]],
    ['extend_test TestExtend', 'width:500/height:500/extend:1:nowe', [500, 500]],
    ['extend_test TestExtend', 'width:500/height:500/extend:1:no::5', [500, 500]],
    ['extend_test TestExtend', 'width:500/height:500/extend:1:no::5/dpr:0.5', [250, 250]],
    ['extend_test TestExtend', 'width:500/height:500/extend:1:no::5/dpr:2', [500, 500]],
    ['extend_test TestExtend', 'width:500/height:500/extend:1:ea:5', [500, 500]],
    ['extend_test TestExtend', 'width:500/height:500/extend:1:ea:5/dpr:0.5', [250, 250]],
    ['extend_test TestExtend', 'width:500/height:500/extend:1:ea:5/dpr:2', [500, 500]],
    ['extend_test TestExtend', 'width:500/height:500/extend:1:no::0.1', [500, 500]],
    ['extend_test TestExtend', 'width:500/height:500/extend:1:no::0.1/dpr:0.5', [250, 250]],
    ['extend_test TestExtend', 'width:500/height:500/extend:1:no::0.1/dpr:2', [500, 500]],
    [
      'extend_test TestExtendAspectRatio',
      'width:300/height:600/extend_aspect_ratio:1:ce',
      [200, 400],
    ],
    [
      'extend_test TestExtendAspectRatio',
      'width:300/height:600/extend_aspect_ratio:1:no',
      [200, 400],
    ],
    [
      'extend_test TestExtendAspectRatio',
      'width:300/height:600/extend_aspect_ratio:1:so',
      [200, 400],
    ],
    [
      'extend_test TestExtendAspectRatio',
      'width:300/height:600/extend_aspect_ratio:1:ea',
      [200, 400],
    ],
    [
      'extend_test TestExtendAspectRatio',
      'width:300/height:600/extend_aspect_ratio:1:we',
      [200, 400],
    ],
    [
      'extend_test TestExtendAspectRatio',
      'width:300/height:600/extend_aspect_ratio:1:noea',
      [200, 400],
    ],
    [
      'extend_test TestExtendAspectRatio',
      'width:300/height:600/extend_aspect_ratio:1:soea',
      [200, 400],
    ],
    [
      'extend_test TestExtendAspectRatio',
      'width:300/height:600/extend_aspect_ratio:1:sowe',
      [200, 400],
    ],
    [
      'extend_test TestExtendAspectRatio',
      'width:300/height:600/extend_aspect_ratio:1:nowe',
      [200, 400],
    ],
    [
      'extend_test TestExtendAspectRatio',
      'width:300/height:600/extend_aspect_ratio:1:no::5',
      [200, 400],
    ],
    [
      'extend_test TestExtendAspectRatio',
      'width:300/height:600/extend_aspect_ratio:1:no::5/dpr:0.5',
      [150, 300],
    ],
    [
      'extend_test TestExtendAspectRatio',
      'width:300/height:600/extend_aspect_ratio:1:no::5/dpr:2',
      [200, 400],
    ],
    [
      'extend_test TestExtendAspectRatio',
      'width:300/height:600/extend_aspect_ratio:1:ea:5',
      [200, 400],
    ],
    [
      'extend_test TestExtendAspectRatio',
      'width:300/height:600/extend_aspect_ratio:1:ea:5/dpr:0.5',
      [150, 300],
    ],
    [
      'extend_test TestExtendAspectRatio',
      'width:300/height:600/extend_aspect_ratio:1:ea:5/dpr:2',
      [200, 400],
    ],
    [
      'extend_test TestExtendAspectRatio',
      'width:300/height:600/extend_aspect_ratio:1:no::0.1',
      [200, 400],
    ],
    [
      'extend_test TestExtendAspectRatio',
      'width:300/height:600/extend_aspect_ratio:1:no::0.1/dpr:0.5',
      [150, 300],
    ],
    [
      'extend_test TestExtendAspectRatio',
      'width:300/height:600/extend_aspect_ratio:1:no::0.1/dpr:2',
      [200, 400],
    ],
    [
      'padding_test TestPadding',
      'dpr:0.500000/padding:20:30:40:10/background:f00/enlarge:1',
      [120, 80],
    ],
    [
      'padding_test TestPadding',
      'dpr:1.000000/padding:20:30:40:10/background:f00/enlarge:1',
      [240, 160],
    ],
    [
      'padding_test TestPadding',
      'dpr:2.000000/padding:20:30:40:10/background:f00/enlarge:1',
      [480, 320],
    ],
  ];
