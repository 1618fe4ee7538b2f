import { describe, expect, it } from 'vitest';
import { WriteGate } from '../../main/core/db/write-gate.ts';

/** A hold that lasts until the test lets it go. */
function holdOpen(gate: WriteGate): { release: () => void; done: Promise<string> } {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    release,
    done: gate.hold(async () => {
      await released;
      return 'held';
    }),
  };
}

describe('WriteGate', () => {
  it('writes at once when nothing holds it', () => {
    const written: string[] = [];
    new WriteGate(() => undefined).run(() => written.push('a'));
    expect(written).toEqual(['a']);
  });

  it('holds writes from the moment a hold is asked for, and runs them afterwards in order', async () => {
    const gate = new WriteGate(() => undefined);
    const written: string[] = [];
    const hold = holdOpen(gate);
    gate.run(() => written.push('first'));
    gate.run(() => written.push('second'));
    await Promise.resolve();
    expect(written).toEqual([]);
    hold.release();
    expect(await hold.done).toBe('held');
    expect(written).toEqual(['first', 'second']);
    gate.run(() => written.push('after'));
    expect(written).toEqual(['first', 'second', 'after']);
  });

  it('runs one hold after another, and the writes once both are over', async () => {
    const gate = new WriteGate(() => undefined);
    const order: string[] = [];
    const first = holdOpen(gate);
    const second = gate.hold(async () => {
      order.push('second hold');
    });
    gate.run(() => order.push('write'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(order).toEqual([]);
    first.release();
    await Promise.all([first.done, second]);
    expect(order).toEqual(['second hold', 'write']);
  });

  it('runs the held writes even when the hold fails, and reports a held write that fails without losing the rest', async () => {
    const failures: string[] = [];
    const gate = new WriteGate((error) => failures.push(error.message));
    const written: string[] = [];
    const failing = gate.hold(async () => {
      throw new Error('restore failed');
    });
    gate.run(() => {
      throw new Error('disk full');
    });
    gate.run(() => written.push('kept'));
    await expect(failing).rejects.toThrow('restore failed');
    expect(failures).toEqual(['disk full']);
    expect(written).toEqual(['kept']);
  });
});
