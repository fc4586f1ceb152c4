import { useEffect, useRef } from 'react';

export interface Shortcuts {
  addFolder: () => void;
  /** Esc: close whatever is open over the current screen. */
  close: () => void;
}

/**
 * The window's own keys. Dialogs handle Esc themselves (<dialog>), and a field being typed in
 * keeps its Esc for itself.
 */
export function useShortcuts(shortcuts: Shortcuts): void {
  const latest = useRef(shortcuts);
  latest.current = shortcuts;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'o') {
        event.preventDefault();
        latest.current.addFolder();
        return;
      }
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, dialog');
      if (event.key === 'Escape' && !typing && !event.defaultPrevented) latest.current.close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
