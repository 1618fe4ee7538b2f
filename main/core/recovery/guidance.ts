import type { FaultCode } from '../health/faults.ts';
import { needsAgent } from './ladder.ts';

/** What the pane tells the agent to do when only they can fix the fault. */
export const GUIDANCE = ['link-with-phone-number'] as const;
export type Guidance = (typeof GUIDANCE)[number];

/** The guidance a fault calls for; null where the kiosk heals or waits by itself. */
export function guidanceFor(fault: FaultCode): Guidance | null {
  return needsAgent(fault) ? 'link-with-phone-number' : null;
}
