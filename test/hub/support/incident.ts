import type { HubIncident } from '../../../hub/model.ts';

/** A seat incident for the escalation decisions: a 5xx outage started at 0, nothing sent yet. */
export const hubIncident = (patch: Partial<HubIncident> = {}): HubIncident => ({
  id: 1,
  seatId: 's',
  team: 't',
  site: 's',
  fault: 'SERVICE_OUTAGE',
  startedAt: 0,
  detectedAt: 0,
  failoverAt: null,
  recoveredAt: null,
  platformId: null,
  levelReached: 0,
  lastAlertAt: null,
  recoveryNoticed: false,
  ackedAt: null,
  ackedBy: null,
  ...patch,
});
