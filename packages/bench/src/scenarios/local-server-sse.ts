import type { Scenario } from '../scenario.js';
import { countFrames, createLoadClient } from '../support/http-load.js';
import { startServerProcess } from '../support/server-process.js';

const STREAMS_PER_ITERATION = 100;
const CONCURRENCY = 16;
const WORDS = 200;

/** Streaming `POST /v1/responses`: a 200-word answer, about 210 SSE events per response. */
export const localServerSse: Scenario = {
  name: 'local-server.sse',
  description: `Streaming POST /v1/responses (stream: true), ${WORDS}-word answer (~${WORDS + 8} events each), ${CONCURRENCY} keep-alive connections with 4 requests pipelined each, server in a child process.`,
  unit: 'events/s',
  target: 300_000,
  async setup() {
    const text = Array.from({ length: WORDS }, (_, i) => `word${i % 10}`).join(' ');
    const server = await startServerProcess({ rules: [{ reply: { text } }] });
    const client = createLoadClient(server.baseURL, CONCURRENCY);
    const body = JSON.stringify({ model: 'gpt-5', input: 'Tell me a story.', stream: true });
    return {
      serverCpuMicros: () => server.cpuMicros(),
      iteration: () => client.post('/responses', body, STREAMS_PER_ITERATION, countFrames),
      async teardown() {
        client.close();
        await server.stop();
      },
    };
  },
};
