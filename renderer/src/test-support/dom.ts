/**
 * What every component test needs from happy-dom beyond what it gives: the rendered tree
 * removed after each test (Testing Library does this by itself only with vitest's globals, which
 * this project leaves off), and element sizes. happy-dom does no layout, so every box measures
 * 0 × 0 and has no padding ('' rather than '0px': the grid's arithmetic on it gives NaN); the
 * library grid then has no column and the virtualizer no row at all. Tests that render it give
 * the boxes a size with `layoutBoxes`.
 */
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(cleanup);

/**
 * Gives every element the size of a `width` × `height` box (clientWidth/Height, offsetWidth/
 * Height and getBoundingClientRect) and a padding of 0 where no style sets one, as a window of
 * that size would lay out the grid (the stylesheets are not loaded in tests).
 * Returns the function that takes the sizes away again.
 * @example beforeEach(() => layoutBoxes(800, 600)); // vitest calls what it returns afterwards
 */
export function layoutBoxes(width: number, height: number): () => void {
  const proto = HTMLElement.prototype;
  const saved = ['clientWidth', 'clientHeight', 'offsetWidth', 'offsetHeight'].map(
    (name) => [name, Object.getOwnPropertyDescriptor(proto, name)] as const,
  );
  const savedRect = Element.prototype.getBoundingClientRect;
  for (const [name] of saved) {
    Object.defineProperty(proto, name, {
      configurable: true,
      get: () => (name.endsWith('Width') ? width : height),
    });
  }
  Element.prototype.getBoundingClientRect = () => DOMRect.fromRect({ width, height });
  const savedStyle = window.getComputedStyle;
  window.getComputedStyle = (element, pseudo) => {
    const style = savedStyle.call(window, element, pseudo);
    // A computed style is read-only: a view of it answers the padding instead.
    return new Proxy(style, {
      get: (target, key) => {
        const value: unknown = Reflect.get(target, key, target);
        return String(key).startsWith('padding') && value === '' ? '0px' : value;
      },
    });
  };
  return () => {
    window.getComputedStyle = savedStyle;
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(proto, name, descriptor);
      else Reflect.deleteProperty(proto, name);
    }
    Element.prototype.getBoundingClientRect = savedRect;
  };
}
