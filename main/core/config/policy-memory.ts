import type { PolicyMemory } from './policy.ts';

/** The part of the database's key-value table the policy memory needs. */
export interface TextStore {
  get(key: string): string | null;
  set(key: string, value: string, at: number): void;
}

export const POLICY_MEMORY_KEY = 'config.lastReadablePolicy';

/** The policy memory kept in the workstation's database (the `kv` table). */
export function policyMemoryIn(store: TextStore, now: () => number): PolicyMemory {
  return {
    read: () => store.get(POLICY_MEMORY_KEY),
    write(text) {
      // Unchanged at nearly every start: no write then.
      if (store.get(POLICY_MEMORY_KEY) !== text) store.set(POLICY_MEMORY_KEY, text, now());
    },
  };
}
