import { mkdirSync } from 'node:fs';
import { startLocalServer } from '@weft/local-server';
import { agentScript } from './agent.js';
import { startAgentBackend } from './server.js';

const model = await startLocalServer({ port: 0, script: agentScript({ delayBetweenMs: 60 }) });
mkdirSync('.data', { recursive: true });
const backend = await startAgentBackend({
  model: { baseURL: model.baseURL, apiKey: 'local' },
  dbPath: process.env['WEFT_DB'] ?? '.data/agent-backend.db',
  port: Number(process.env['PORT'] ?? 3000),
});
process.stdout.write(
  `Chat at ${backend.url} (offline model at ${model.baseURL}).\n` +
    'Try "Tell me a story" (reload while it streams), "Where is my order?" or "I want a refund".\n',
);

const stop = () => {
  void backend.close().then(() => model.close());
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
