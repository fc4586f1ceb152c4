// js-yaml comes with electron-builder (which reads its config with it) but without types; the
// packaging test needs only `load`.
declare module 'js-yaml' {
  export function load(text: string): unknown;
}
