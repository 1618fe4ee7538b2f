import type { WriteGate } from '../db/write-gate.ts';

/**
 * Runs a write through the shared gate and settles once it ran (at once, or after a hold such as a
 * restore), with its result or its error: what the agent is told "saved" or "queued" is on disk.
 */
export function durably<T>(gate: WriteGate, write: () => T): Promise<T> {
  return new Promise((resolve, reject) => {
    gate.run(() => {
      try {
        resolve(write());
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}
