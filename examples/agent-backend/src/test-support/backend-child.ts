/**
 * The service in a process of its own, to be killed with SIGKILL mid-answer. Arguments: the model's
 * base URL and the SQLite path. Prints one JSON line `{ "url": … }` once it listens.
 */
import { startAgentBackend } from '../server.js';

const [baseURL = '', dbPath = ''] = process.argv.slice(2);
const backend = await startAgentBackend({ model: { baseURL, apiKey: 'local' }, dbPath });
process.stdout.write(`${JSON.stringify({ url: backend.url })}\n`);
// Keep running until killed.
setInterval(() => undefined, 60_000);
