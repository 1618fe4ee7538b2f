import { useCallback, useEffect, useRef, useState } from 'react';
import { kioskStatusSchema, type KioskStatus } from '../../main/core/ipc/contract.ts';
import type { KioskApi } from '../../preload/kiosk-api.ts';
import { errorMessage } from './kiosk.ts';

export type StatusProblem = { kind: 'not-connected' } | { kind: 'request-failed'; message: string } | { kind: 'invalid' };

export interface KioskStatusState {
  status: KioskStatus | null;
  problem: StatusProblem | null;
  /** Accepts a status from elsewhere (e.g. the answer to `mode:set`), validated like the rest. */
  accept: (candidate: unknown) => void;
}

/**
 * The kiosk's status: read once with `status:get`, then kept current by `status` events. Every
 * status is validated against the contract; an invalid one is dropped (the last good one stays).
 */
export function useKioskStatus(kiosk: KioskApi | null): KioskStatusState {
  const [status, setStatus] = useState<KioskStatus | null>(null);
  const [problem, setProblem] = useState<StatusProblem | null>(kiosk ? null : { kind: 'not-connected' });
  const eventsSeen = useRef(0);

  const accept = useCallback((candidate: unknown) => {
    const parsed = kioskStatusSchema.safeParse(candidate);
    if (!parsed.success) {
      console.error('kiosk: invalid status', parsed.error.issues);
      setProblem({ kind: 'invalid' });
      return;
    }
    setStatus(parsed.data);
    setProblem(null);
  }, []);

  useEffect(() => {
    if (!kiosk) return;
    let active = true;
    const stop = kiosk.on('status', (payload) => {
      eventsSeen.current += 1;
      if (active) accept(payload);
    });
    const seenBefore = eventsSeen.current;
    kiosk.invoke('status:get', {}).then(
      (payload) => {
        // A pushed event that arrived meanwhile is at least as fresh as this answer.
        if (active && eventsSeen.current === seenBefore) accept(payload);
      },
      (error: unknown) => {
        if (active && eventsSeen.current === seenBefore) {
          setProblem({ kind: 'request-failed', message: errorMessage(error) });
        }
      },
    );
    return () => {
      active = false;
      stop();
    };
  }, [kiosk, accept]);

  return { status, problem, accept };
}
