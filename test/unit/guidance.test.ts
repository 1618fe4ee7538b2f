import { describe, expect, it } from 'vitest';
import { FAULT_CODES, FAULT_SEVERITY, FAULTS_THAT_PAGE_IT } from '../../main/core/health/faults.ts';
import { kioskStatusSchema } from '../../main/core/ipc/contract.ts';
import { GUIDANCES, guidanceFor } from '../../main/core/recovery/guidance.ts';
import { needsAgent } from '../../main/core/recovery/ladder.ts';

describe('guidanceFor', () => {
  it('guides the agent for each fault only a person can end, and for the networks that intercept WhatsApp', () => {
    expect(Object.fromEntries(FAULT_CODES.map((fault) => [fault, guidanceFor(fault)]).filter(([, g]) => g !== null))).toEqual({
      QR_UNAVAILABLE: 'link-with-phone-number',
      SESSION_LOGGED_OUT: 'link-with-phone-number',
      WHATSAPP_OPEN_ELSEWHERE: 'use-here',
      ACCOUNT_BLOCKED: 'account-blocked',
      NETWORK_SIGN_IN_REQUIRED: 'sign-in-to-network',
      NETWORK_BLOCKED: 'ask-it-to-allow-whatsapp',
    });
  });

  it('has guidance for every fault the ladder hands to the agent, and every guidance is used', () => {
    for (const fault of FAULT_CODES.filter(needsAgent)) expect(guidanceFor(fault), fault).not.toBeNull();
    expect(new Set(FAULT_CODES.map(guidanceFor).filter((g) => g !== null))).toEqual(new Set(GUIDANCES));
  });

  it('is what the contract carries', () => {
    expect(kioskStatusSchema.shape.guidance.unwrap().options).toEqual([...GUIDANCES]);
  });

  it('tells IT at once about a ban and about a network that blocks WhatsApp, not about another window', () => {
    for (const fault of ['ACCOUNT_BLOCKED', 'NETWORK_SIGN_IN_REQUIRED', 'NETWORK_BLOCKED', 'PROBE_BLIND'] as const) {
      expect(FAULTS_THAT_PAGE_IT.has(fault), fault).toBe(true);
    }
    expect(FAULTS_THAT_PAGE_IT.has('WHATSAPP_OPEN_ELSEWHERE')).toBe(false);
    // A blind probe is a degraded seat, never a reason to fail over.
    expect(FAULT_SEVERITY.PROBE_BLIND).toBe('warning');
  });
});
