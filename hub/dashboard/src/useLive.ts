import { useEffect, useRef, useState } from 'react';
import { api, ApiError, type LiveMessage, type PlatformIncident, type SeatView } from './api.ts';

/** After the browser gave up on the stream (it was refused), how long before asking again. */
const RETRY_MS = 3_000;

export interface Live {
  seats: Map<string, SeatView>;
  platforms: PlatformIncident[];
  connected: boolean;
  /** Moves on every incident change: views that list incidents fetch again. */
  incidentsVersion: number;
}

/** The floor as the hub streams it: a snapshot, then each change as any hub on the database hears of it. */
export function useLive(enabled: boolean, onEnded: () => void): Live {
  const ended = useRef(onEnded);
  useEffect(() => {
    ended.current = onEnded;
  });
  const [live, setLive] = useState<Live>({ seats: new Map(), platforms: [], connected: false, incidentsVersion: 0 });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!enabled) return undefined;
    const source = new EventSource('api/live');
    let retry: ReturnType<typeof setTimeout> | null = null;
    source.onopen = () => setLive((current) => ({ ...current, connected: true }));
    source.onerror = () => {
      setLive((current) => ({ ...current, connected: false }));
      // The browser retries a dropped stream by itself, but not a refused one: signed out (back to
      // the sign-in), or a hub restarting behind the load balancer (ask again shortly).
      if (source.readyState !== EventSource.CLOSED) return;
      const again = () => {
        retry = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS);
      };
      api.me().then(again, (error: unknown) => (error instanceof ApiError && error.status === 401 ? ended.current() : again()));
    };
    // A busy floor sends many changes a second: applied together every 100 ms, not one render each
    // (a timer, not an animation frame: a dashboard in a background tab keeps up too).
    let queued: LiveMessage[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    source.onmessage = (event: MessageEvent<string>) => {
      const message = JSON.parse(event.data) as LiveMessage;
      if (message.type === 'ended') {
        source.close();
        ended.current();
        return;
      }
      queued.push(message);
      timer ??= setTimeout(() => {
        const batch = queued;
        queued = [];
        timer = null;
        setLive((current) => batch.reduce(applyBatch, { ...current, seats: new Map(current.seats) }));
      }, 100);
    };
    return () => {
      source.close();
      if (timer !== null) clearTimeout(timer);
      if (retry !== null) clearTimeout(retry);
    };
  }, [enabled, attempt]);
  return live;
}

/** Applies one message to a state whose seat map the batch owns (copied once per batch). */
function applyBatch(current: Live, message: LiveMessage): Live {
  switch (message.type) {
    case 'snapshot':
      return { ...current, connected: true, seats: new Map(message.seats.map((seat) => [seat.id, seat])), platforms: message.platforms };
    case 'seat':
      current.seats.set(message.seat.id, message.seat);
      return current;
    case 'platform':
      return { ...current, platforms: message.platforms, incidentsVersion: current.incidentsVersion + 1 };
    case 'incident':
      return { ...current, incidentsVersion: current.incidentsVersion + 1 };
    case 'ended':
      return current;
  }
}
