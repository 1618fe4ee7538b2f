import { useEffect, useState } from 'react';
import type { LiveMessage, PlatformIncident, SeatView } from './api.ts';

export interface Live {
  seats: Map<string, SeatView>;
  platforms: PlatformIncident[];
  connected: boolean;
  /** Moves on every incident change: views that list incidents fetch again. */
  incidentsVersion: number;
}

/** The floor as the hub streams it: a snapshot, then each change as any hub on the database hears of it. */
export function useLive(enabled: boolean): Live {
  const [live, setLive] = useState<Live>({ seats: new Map(), platforms: [], connected: false, incidentsVersion: 0 });
  useEffect(() => {
    if (!enabled) return undefined;
    const source = new EventSource('api/live');
    source.onopen = () => setLive((current) => ({ ...current, connected: true }));
    source.onerror = () => setLive((current) => ({ ...current, connected: false }));
    source.onmessage = (event: MessageEvent<string>) => {
      const message = JSON.parse(event.data) as LiveMessage;
      setLive((current) => apply(current, message));
    };
    return () => source.close();
  }, [enabled]);
  return live;
}

function apply(current: Live, message: LiveMessage): Live {
  switch (message.type) {
    case 'snapshot':
      return { ...current, connected: true, seats: new Map(message.seats.map((seat) => [seat.id, seat])), platforms: message.platforms };
    case 'seat':
      return { ...current, seats: new Map(current.seats).set(message.seat.id, message.seat) };
    case 'platform':
      return { ...current, platforms: message.platforms, incidentsVersion: current.incidentsVersion + 1 };
    case 'incident':
      return { ...current, incidentsVersion: current.incidentsVersion + 1 };
  }
}
