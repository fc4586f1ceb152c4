/**
 * Colours as presets and URLs write them, read by one strict parser: a colour that passes here
 * is one the renderer (sharp's colour parser) understands, so a saved preset or a URL never
 * fails later at render time for its background.
 */

// CSS Color 4's named colours (sharp's `color-name` list), checked whole rather than by shape.
const NAMED = new Set(
  (
    'aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue ' +
    'blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk ' +
    'crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki ' +
    'darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen ' +
    'darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue ' +
    'dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite ' +
    'gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki ' +
    'lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan ' +
    'lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen ' +
    'lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen ' +
    'magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen ' +
    'mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream ' +
    'mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid ' +
    'palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum ' +
    'powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown ' +
    'seagreen seashell sienna silver skyblue slateblue slategray slategrey snow springgreen ' +
    'steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow yellowgreen'
  ).split(' '),
);

const HEX = /^(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const CHANNEL = /^(?:0|[1-9]\d{0,2})$/;
const ALPHA = /^(?:0|1|0?\.\d{1,6}|1\.0{1,6})$/;
// `rgb(1, 2, 3)` or `rgba(1, 2, 3, 0.5)`: the comma form every CSS parser reads alike.
const RGB = /^rgb\(\s*([^,()]+?)\s*,\s*([^,()]+?)\s*,\s*([^,()]+?)\s*\)$/i;
const RGBA = /^rgba\(\s*([^,()]+?)\s*,\s*([^,()]+?)\s*,\s*([^,()]+?)\s*,\s*([^,()]+?)\s*\)$/i;

function isChannel(text: string): boolean {
  return CHANNEL.test(text) && Number(text) <= 255;
}

/**
 * Hex digits (3, 4, 6 or 8, no `#`) as a lower-case `#rrggbb` or `#rrggbbaa`, else undefined.
 * @example hexColour('AbC') === '#aabbcc' && hexColour('ff000a80') === '#ff000a80'
 */
export function hexColour(digits: string): string | undefined {
  if (!HEX.test(digits)) return undefined;
  const full = digits.length <= 4 ? [...digits].map((c) => c + c).join('') : digits;
  return `#${full.toLowerCase()}`;
}

/**
 * Three channels written in decimal (0–255, no sign, no leading zero) as `#rrggbb`, else
 * undefined: imgproxy's `bg:R:G:B`.
 * @example channelsColour(['255', '0', '10']) === '#ff000a'
 */
export function channelsColour(channels: readonly string[]): string | undefined {
  if (channels.length !== 3 || !channels.every(isChannel)) return undefined;
  return `#${channels.map((c) => Number(c).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Whether `text` is a colour a preset may name: `#` and 3, 4, 6 or 8 hex digits, `rgb(r, g, b)`
 * or `rgba(r, g, b, a)` with channels 0–255 and alpha 0–1, or a CSS colour name.
 * @example isColour('#fff') && isColour('rgb(0, 128, 255)') && isColour('White') && !isColour('zzzz')
 */
export function isColour(text: string): boolean {
  if (text.startsWith('#')) return hexColour(text.slice(1)) !== undefined;
  if (NAMED.has(text.toLowerCase())) return true;
  const rgb = RGB.exec(text);
  if (rgb) return rgb.slice(1).every(isChannel);
  const rgba = RGBA.exec(text);
  return rgba !== null && rgba.slice(1, 4).every(isChannel) && ALPHA.test(rgba[4]!);
}
