import type { Scenario } from '../scenario.js';
import { createLoadClient } from '../support/http-load.js';
import { startServerProcess } from '../support/server-process.js';

const REQUESTS_PER_ITERATION = 500;
const CONCURRENCY = 32;

/** Blocking `POST /v1/responses` with a small input and a one-sentence answer. */
export const localServerBlocking: Scenario = {
  name: 'local-server.blocking',
  description: `Blocking POST /v1/responses, small payload, ${CONCURRENCY} keep-alive connections with 4 requests pipelined each, server in a child process.`,
  unit: 'req/s',
  target: 5_000,
  async setup() {
    const server = await startServerProcess({ rules: [{ reply: { text: 'The answer is 4.' } }] });
    const client = createLoadClient(server.baseURL, CONCURRENCY);
    const body = JSON.stringify({ model: 'gpt-5', input: 'What is 2+2?' });
    return {
      serverCpuMicros: () => server.cpuMicros(),
      iteration: () => client.post('/responses', body, REQUESTS_PER_ITERATION, () => 1),
      async teardown() {
        client.close();
        await server.stop();
      },
    };
  },
};
