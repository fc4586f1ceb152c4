import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  reload: () => void;
  /** Shows a value an operation answered (a save, say) without waiting for a refetch. */
  replace: (value: T) => void;
}

/**
 * The answer of `load`, fetched again whenever a key in `keys` changes (a catalog version among
 * them keeps a screen live). The previous answer stays on screen until the next arrives, and an
 * answer that arrives after a newer request is dropped.
 */
export function useLoad<T>(load: () => Promise<T>, keys: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [nonce, setNonce] = useState(0);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const request = ++latest.current;
    loadRef.current().then(
      (value) => {
        if (request !== latest.current) return;
        setData(value);
        setError(undefined);
      },
      (caught: unknown) => {
        if (request === latest.current) setError(caught as Error);
      },
    );
  }, [...keys, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const replace = useCallback((value: T) => {
    latest.current += 1;
    setData(value);
    setError(undefined);
  }, []);
  return { data, error, reload, replace };
}
