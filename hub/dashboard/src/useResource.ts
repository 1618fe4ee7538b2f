import { useCallback, useEffect, useState } from 'react';

export interface Resource<T> {
  data: T | null;
  error: unknown;
  /** Fetches again (after a change the screen made). */
  reload(): void;
}

/** What a screen shows, fetched when it opens, when `deps` change and on `reload()`. */
export function useResource<T>(load: () => Promise<T>, deps: readonly unknown[]): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  // `load` is a new closure each render: `deps` say when it means something new.
  const stableLoad = useCallback(load, deps);
  useEffect(() => {
    let current = true;
    stableLoad().then(
      (value) => {
        if (current) {
          setData(value);
          setError(null);
        }
      },
      (reason: unknown) => {
        if (current) setError(reason);
      },
    );
    return () => {
      current = false;
    };
  }, [stableLoad, round]);
  return { data, error, reload: useCallback(() => setRound((n) => n + 1), []) };
}
