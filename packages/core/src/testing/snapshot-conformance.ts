/**
 * Conformance: machine snapshots by key, versioned.
 *
 * @module
 */
import { describe, expect, it } from 'vitest';
import { type FixtureAccess, run, T0 } from './conformance-support.js';

/** Registers the snapshot tests. */
export function describeSnapshotConformance(fixture: FixtureAccess): void {
  describe('snapshots', () => {
    it('saves a new key as version 1 and loads it back', async () => {
      const { snapshots } = fixture();
      const snapshot = {
        value: 'idle',
        context: { turns: 2, tags: ['a', 'b'], nested: { ok: true } },
      };
      const saved = await run(snapshots.save('conv_a', snapshot, T0 + 1));
      expect(saved).toEqual({ key: 'conv_a', snapshot, version: 1, updatedAt: T0 + 1 });
      expect(await run(snapshots.load('conv_a'))).toEqual(saved);
    });

    it('bumps the version on every save of a key, and loads the latest', async () => {
      const { snapshots } = fixture();
      await run(snapshots.save('conv_a', { value: 'idle' }, T0));
      await run(snapshots.save('conv_a', { value: 'running' }, T0 + 1));
      const third = await run(snapshots.save('conv_a', { value: 'idle', n: 3 }, T0 + 2));
      expect(third.version).toBe(3);
      expect(await run(snapshots.load('conv_a'))).toEqual({
        key: 'conv_a',
        snapshot: { value: 'idle', n: 3 },
        version: 3,
        updatedAt: T0 + 2,
      });
    });

    it('versions each key on its own', async () => {
      const { snapshots } = fixture();
      await run(snapshots.save('conv_a', 1, T0));
      await run(snapshots.save('conv_a', 2, T0));
      expect((await run(snapshots.save('conv_b', 'x', T0))).version).toBe(1);
    });

    it('loads nothing for an unknown key or after delete; deleting an unknown key is fine', async () => {
      const { snapshots } = fixture();
      expect(await run(snapshots.load('conv_missing'))).toBeUndefined();
      await run(snapshots.save('conv_a', { value: 'idle' }, T0));
      await run(snapshots.delete('conv_a'));
      expect(await run(snapshots.load('conv_a'))).toBeUndefined();
      await run(snapshots.delete('conv_missing'));
    });

    it('lists snapshots by key prefix, ordered by key', async () => {
      const { snapshots } = fixture();
      await run(snapshots.save('run:b', { step: 2 }, T0));
      await run(snapshots.save('conv:a', { value: 'idle' }, T0));
      await run(snapshots.save('run:a', { step: 1 }, T0 + 1));
      expect((await run(snapshots.list('run:'))).map((s) => [s.key, s.snapshot])).toEqual([
        ['run:a', { step: 1 }],
        ['run:b', { step: 2 }],
      ]);
      expect((await run(snapshots.list())).map((s) => s.key)).toEqual(['conv:a', 'run:a', 'run:b']);
      expect(await run(snapshots.list('none:'))).toEqual([]);
    });

    it('round-trips JSON values of every kind', async () => {
      const { snapshots } = fixture();
      const snapshot = { s: 'x', n: -1.5, b: false, z: null, a: [1, 'two', { three: [] }], o: {} };
      await run(snapshots.save('k', snapshot, T0));
      expect((await run(snapshots.load('k')))?.snapshot).toEqual(snapshot);
    });
  });
}
