import { describeStoreConformance } from '@weft/core/testing';
import { sqliteStoreFixture } from './testing.js';

describeStoreConformance(
  'sqlite store (file in a temp dir, contender on a second connection)',
  () => sqliteStoreFixture({ synchronous: 'NORMAL' }),
);
