/**
 * A process that starts two background turns (one polled, one streamed) and then just waits, to
 * be killed with SIGKILL. Arguments: base URL, SQLite path, prompt. Prints one JSON line
 * `{ poll: { conversationId, turnId }, stream: { … } }` once both jobs are stored and output has
 * started to arrive.
 */
import { createWeft, type Conversation } from '@weft/core';
import { openSqliteStore } from '@weft/store-sqlite';
import { backgroundStrategy } from '../background-strategy.js';

const [baseURL = '', path = '', prompt = 'hello'] = process.argv.slice(2);
const store = openSqliteStore({ path });

const weftFor = (mode: 'poll' | 'stream') =>
  createWeft({
    client: { baseURL, apiKey: 'sk-local-test' },
    store,
    strategies: {
      background: backgroundStrategy({
        mode,
        leaseMs: 400,
        poll: { initialMs: 10, maxMs: 30 },
        flush: { events: 2, intervalMs: 10 },
      }),
    },
    defaults: { model: 'scripted-1', execution: 'background' },
  });

/** Sends the prompt and resolves once the turn has made some progress. */
async function started(convo: Conversation, mode: 'poll' | 'stream') {
  const turn = convo.send(prompt);
  let deltas = 0;
  for await (const event of turn.events()) {
    if (event.type === 'delta') deltas += 1;
    if (event.type === 'item.done' || deltas >= 4 || (mode === 'poll' && event.type === 'created')) {
      await convo.flush();
      return { conversationId: convo.id, turnId: 'turnId' in event ? event.turnId : '' };
    }
  }
  throw new Error('the turn ended before it made progress');
}

const [poll, stream] = await Promise.all([
  weftFor('poll').conversation().then((c) => started(c, 'poll')),
  weftFor('stream').conversation().then((c) => started(c, 'stream')),
]);
process.stdout.write(`${JSON.stringify({ poll, stream })}\n`);
// Keep running until killed.
setInterval(() => undefined, 60_000);
