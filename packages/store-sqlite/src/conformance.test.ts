import { describeStoreConformance } from '@weft/core/testing';
import { vi } from 'vitest';
import { sqliteStoreFixture } from './testing.js';

// Real files and fsyncs: the 1,000-turn cases need more than the default 5 s on a loaded machine.
vi.setConfig({ testTimeout: 30_000 });

// NORMAL keeps the suite quick; the semantics under test do not depend on the fsync policy.
describeStoreConformance(
  'sqlite store (file in a temp dir, contender on a second connection)',
  () => sqliteStoreFixture({ synchronous: 'NORMAL' }),
);
