import { describeStoreConformance } from '@weft/core/testing';
import { afterAll, describe } from 'vitest';
import { requireServer, serverUrl, template } from './test-server.js';
import { postgresFixtures } from './testing.js';

describe.skipIf(serverUrl === null)('postgres', () => {
  const fixtures = postgresFixtures(requireServer(), { template, poolSize: 4 });
  afterAll(() => fixtures.dispose());
  describeStoreConformance('postgres store (scratch database, contender on a second pool)', fixtures.fixture);
});
