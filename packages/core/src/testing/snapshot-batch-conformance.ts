/**
 * Conformance: loading several snapshots at once (`loadMany`, or `load` key by key without it).
 *
 * @module
 */
import { describe, expect, it } from 'vitest';
import { loadSnapshots } from '../ports/snapshot-store.js';
import { type FixtureAccess, run, T0 } from './conformance-support.js';

/** Registers the batched snapshot read tests. */
export function describeSnapshotBatchConformance(fixture: FixtureAccess): void {
  describe('snapshots loaded in a batch', () => {
    it('lines the results up with the keys, undefined where nothing is stored', async () => {
      const { snapshots } = fixture();
      await run(snapshots.save('conv:b', { value: 'idle', n: 2 }, T0));
      await run(snapshots.save('conv:a', { value: 'failed' }, T0 + 1));
      await run(snapshots.save('conv:b', { value: 'idle', n: 3 }, T0 + 2));
      const loaded = await run(loadSnapshots(snapshots, ['conv:b', 'conv:missing', 'conv:a']));
      expect(loaded).toEqual([
        { key: 'conv:b', snapshot: { value: 'idle', n: 3 }, version: 2, updatedAt: T0 + 2 },
        undefined,
        { key: 'conv:a', snapshot: { value: 'failed' }, version: 1, updatedAt: T0 + 1 },
      ]);
      expect(loaded).toEqual(await Promise.all(['conv:b', 'conv:missing', 'conv:a'].map((k) => run(snapshots.load(k)))));
    });

    it('answers no keys with nothing, and a key asked twice with two separate copies', async () => {
      const { snapshots } = fixture();
      expect(await run(loadSnapshots(snapshots, []))).toEqual([]);
      await run(snapshots.save('k', { list: [1] }, T0));
      const [first, second] = await run(loadSnapshots(snapshots, ['k', 'k']));
      (first?.snapshot as { list: number[] }).list.push(2);
      expect(second?.snapshot).toEqual({ list: [1] });
      expect((await run(snapshots.load('k')))?.snapshot).toEqual({ list: [1] });
    });

    it('reads more keys than one query binds', async () => {
      const { snapshots } = fixture();
      const keys = Array.from({ length: 1_100 }, (_, i) => `conv:${String(i).padStart(4, '0')}`);
      for (const [i, key] of keys.entries()) if (i % 10 === 0) await run(snapshots.save(key, { i }, T0));
      const loaded = await run(loadSnapshots(snapshots, keys));
      expect(loaded).toHaveLength(keys.length);
      expect(loaded.map((s, i) => (i % 10 === 0 ? s?.snapshot : s))).toEqual(
        keys.map((_, i) => (i % 10 === 0 ? { i } : undefined)),
      );
    });
  });
}
