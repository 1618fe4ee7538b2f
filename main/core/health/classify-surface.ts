import type { SurfaceEvent } from '../ports.ts';
import type { FaultCode } from './faults.ts';

/** Chromium's network error names that mean this machine, not WhatsApp, lost the network. */
const LOCAL_NETWORK_ERRORS = /ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED|ERR_ADDRESS_UNREACHABLE|ERR_NETWORK_ACCESS_DENIED/;

/**
 * The surface source's current faults after a shell event. A crash or hang holds until the view
 * loads or answers again; a failed load until a load succeeds.
 */
export function classifySurfaceEvent(current: readonly FaultCode[], event: SurfaceEvent): FaultCode[] {
  switch (event.type) {
    case 'crashed':
      return ['RENDERER_CRASHED'];
    case 'unresponsive':
      return unique([...current, 'UNRESPONSIVE']);
    case 'responsive':
      return current.filter((fault) => fault !== 'UNRESPONSIVE');
    case 'load-failed': {
      const fault: FaultCode =
        event.httpStatus === null && LOCAL_NETWORK_ERRORS.test(event.description) ? 'LOCAL_NETWORK_DOWN' : 'SERVICE_OUTAGE';
      return [fault];
    }
    case 'loaded':
      return [];
    case 'probe':
    case 'contacts':
      return [...current];
  }
}

function unique(faults: FaultCode[]): FaultCode[] {
  return [...new Set(faults)];
}
