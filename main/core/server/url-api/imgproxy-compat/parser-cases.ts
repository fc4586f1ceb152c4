/**
 * imgproxy's option parser tests (`options/parser/processing_options_test.go` and
 * `presets_test.go` at commit eef3b31), mapped to this parser's output. imgproxy's tests fetch
 * `http://images.dev/lorem/ipsum.jpg`; the URL API serves library files only, so each source
 * here is `local:///imgproxy/geometry.png` (remote sources are a deliberate difference, tested
 * on their own). A case with `error` must be refused with that reason.
 */
import type { CompassPosition } from '../../../imaging/imgproxy-geometry.js';
import type { ProcessingOptions } from '../processing-options.js';

export const SOURCE = 'local:///imgproxy/geometry.png';
const B64 = Buffer.from(SOURCE).toString('base64url');

export interface ParserCase {
  /** imgproxy's test function. */
  test: string;
  path: string;
  /** IMGPROXY_PRESETS entries the test configures. */
  presets?: string[];
  /** Parsed fields expected (a subset of ProcessingOptions), `given` left out. */
  expect?: Partial<Omit<ProcessingOptions, 'given'>>;
  /** The extension the path names, when the test asserts the format from it. */
  extension?: string | null;
  error?: RegExp;
}

const compass = (position: CompassPosition, x = 0, y = 0) =>
  ({ type: 'compass', position, x, y }) as const;

export const PARSER_CASES: readonly ParserCase[] = [
  {
    test: 'TestParseBase64URL',
    path: `/size:100:100/${B64}.png`,
    extension: 'png',
    expect: { width: 100, height: 100 },
  },
  { test: 'TestParseBase64URLWithoutExtension', path: `/size:100:100/${B64}`, extension: null },
  { test: 'TestParsePlainURL', path: `/size:100:100/plain/${SOURCE}@png`, extension: 'png' },
  {
    test: 'TestParsePlainURLWithoutExtension',
    path: `/size:100:100/plain/${SOURCE}`,
    extension: null,
  },
  {
    test: 'TestParsePlainURLEscaped',
    path: `/size:100:100/plain/${encodeURIComponent(SOURCE)}@png`,
    extension: 'png',
  },
  { test: 'TestParsePathFormat', path: `/format:webp/plain/${SOURCE}`, expect: { format: 'webp' } },
  {
    test: 'TestParsePathResize',
    path: `/resize:fill:100:200:1/plain/${SOURCE}`,
    expect: { resizingType: 'fill', width: 100, height: 200, enlarge: true },
  },
  {
    test: 'TestParsePathResizingType',
    path: `/resizing_type:fill/plain/${SOURCE}`,
    expect: { resizingType: 'fill' },
  },
  {
    test: 'TestParsePathSize',
    path: `/size:100:200:1/plain/${SOURCE}`,
    expect: { width: 100, height: 200, enlarge: true },
  },
  { test: 'TestParsePathWidth', path: `/width:100/plain/${SOURCE}`, expect: { width: 100 } },
  { test: 'TestParsePathHeight', path: `/height:100/plain/${SOURCE}`, expect: { height: 100 } },
  { test: 'TestParsePathEnlarge', path: `/enlarge:1/plain/${SOURCE}`, expect: { enlarge: true } },
  {
    test: 'TestParsePathExtend',
    path: `/extend:1:so:10:20/plain/${SOURCE}`,
    expect: { extend: true, extendGravity: compass('south', 10, 20) },
  },
  {
    test: 'TestParsePathExtendSmartGravity',
    path: `/extend:1:sm/plain/${SOURCE}`,
    error: /extend gravity "sm" is not one of/,
  },
  {
    test: 'TestParsePathExtendReplicateGravity',
    path: `/extend:1:re/plain/${SOURCE}`,
    error: /extend gravity "re" is not one of/,
  },
  {
    test: 'TestParsePathGravity',
    path: `/gravity:soea/plain/${SOURCE}`,
    expect: { gravity: compass('southeast') },
  },
  {
    test: 'TestParsePathGravityFocusPoint',
    path: `/gravity:fp:0.5:0.75/plain/${SOURCE}`,
    expect: { gravity: { type: 'focal', x: 0.5, y: 0.75 } },
  },
  {
    test: 'TestParsePathGravityReplicate',
    path: `/gravity:re/plain/${SOURCE}`,
    error: /gravity "re" is not one of/,
  },
  {
    test: 'TestParsePathCrop',
    path: `/crop:100:200/plain/${SOURCE}`,
    expect: { crop: { width: 100, height: 200, gravity: undefined } },
  },
  {
    test: 'TestParsePathCropGravity',
    path: `/crop:100:200:nowe:10:20/plain/${SOURCE}`,
    expect: { crop: { width: 100, height: 200, gravity: compass('northwest', 10, 20) } },
  },
  {
    test: 'TestParsePathCropGravityReplicate',
    path: `/crop:100:200:re/plain/${SOURCE}`,
    error: /crop gravity "re" is not one of/,
  },
  { test: 'TestParsePathQuality', path: `/quality:55/plain/${SOURCE}`, expect: { quality: 55 } },
  {
    test: 'TestParsePathBackground',
    path: `/background:128:129:130/plain/${SOURCE}`,
    expect: { background: '#808182' },
  },
  {
    test: 'TestParsePathBackgroundHex',
    path: `/background:ffddee/plain/${SOURCE}`,
    expect: { background: '#ffddee' },
  },
  {
    test: 'TestParsePathBackgroundDisable',
    path: `/background:fff/background:/plain/${SOURCE}`,
    expect: { background: undefined },
  },
  { test: 'TestParsePathSharpen', path: `/sharpen:0.2/plain/${SOURCE}`, expect: { sharpen: 0.2 } },
  { test: 'TestParsePathDpr', path: `/dpr:2/plain/${SOURCE}`, expect: { dpr: 2 } },
  {
    test: 'TestParsePathPreset',
    path: `/preset:test1:test2/plain/${SOURCE}`,
    presets: ['test1=resizing_type:fill', 'test2=blur:0.2/quality:50'],
    expect: { resizingType: 'fill', quality: 50, usedPresets: ['test1', 'test2'] },
  },
  {
    test: 'TestParsePathPresetDefault',
    path: `/quality:70/plain/${SOURCE}`,
    presets: ['default=resizing_type:fill/blur:0.2/quality:50'],
    expect: { resizingType: 'fill', quality: 70, usedPresets: ['default'] },
  },
  {
    test: 'TestParsePathPresetLoopDetection',
    path: `/preset:test1/plain/${SOURCE}`,
    presets: ['test1=resizing_type:fill/preset:test2', 'test2=blur:0.2/preset:test1'],
    expect: { resizingType: 'fill', usedPresets: ['test1', 'test2'] },
  },
  { test: 'TestParsePathCachebuster', path: `/cachebuster:123/plain/${SOURCE}` },
  {
    test: 'TestParsePathStripMetadata',
    path: `/strip_metadata:true/plain/${SOURCE}`,
    expect: { stripMetadata: true },
  },
];

/**
 * imgproxy's presets_test.go: entries that must parse (to these options) or be refused.
 */
export const PRESET_CASES: readonly {
  test: string;
  entry: string;
  options?: object;
  error?: RegExp;
}[] = [
  {
    test: 'TestParsePreset',
    entry: 'test=resize:fit:100:200/sharpen:2',
    options: [
      { name: 'resize', args: ['fit', '100', '200'] },
      { name: 'sharpen', args: ['2'] },
    ],
  },
  {
    test: 'TestParsePresetInvalidString',
    entry: 'resize:fit:100:200/sharpen:2',
    error: /invalid preset string/,
  },
  {
    test: 'TestParsePresetEmptyName',
    entry: '=resize:fit:100:200/sharpen:2',
    error: /empty preset name/,
  },
  { test: 'TestParsePresetEmptyValue', entry: 'test=', error: /empty preset value/ },
  {
    test: 'TestParsePresetInvalidValue',
    entry: 'test=resize:fit:100:200/sharpen:2/blur',
    error: /invalid preset value/,
  },
  {
    test: 'TestValidatePresetsInvalid',
    entry: 'test=resize:fit:-1:-2/sharpen:2',
    error: /preset "test": width must be a whole number/,
  },
];
