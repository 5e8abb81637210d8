import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Effect } from 'effect';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempSqliteStore, type TempSqliteStore } from './testing.js';

const worker = fileURLToPath(new URL('./fixtures/append-worker.ts', import.meta.url));
const hooks = new URL('./fixtures/ts-resolve-hooks.mjs', import.meta.url).href;

interface Message {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** A child process running the append worker, with a queue of the messages it sent. */
function spawnWorker(path: string, conversationId: string, name: string) {
  const child: ChildProcess = fork(worker, [path, conversationId, name, 'NORMAL'], {
    execPath: process.execPath,
    execArgv: [
      '--experimental-transform-types',
      '--no-warnings',
      '--conditions=@weft/source',
      '--import',
      hooks,
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const inbox: Message[] = [];
  const waiting: ((message: Message) => void)[] = [];
  const deliver = (message: Message) => {
    const next = waiting.shift();
    if (next === undefined) inbox.push(message);
    else next(message);
  };
  child.on('message', deliver);
  child.on('exit', (code) => deliver({ type: 'exit', code }));
  const receive = (): Promise<Message> => {
    const queued = inbox.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker ${name} is silent`)), 50_000);
      waiting.push((message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
  };
  const expectMessage = async (type: string): Promise<Message> => {
    const message = await receive();
    if (message.type !== type) throw new Error(`worker ${name}: ${JSON.stringify(message)}`);
    return message;
  };
  return {
    child,
    send: (command: object) => child.send(command),
    expectMessage,
    stop: async () => {
      if (child.connected) child.send({ cmd: 'exit' });
      if (child.exitCode === null && child.signalCode === null)
        await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

describe('two OS processes appending to one conversation', () => {
  let store: TempSqliteStore | undefined;
  const workers: ReturnType<typeof spawnWorker>[] = [];

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    store?.dispose();
    store = undefined;
  });

  const setUp = async () => {
    // NORMAL only to keep the test quick: the race is decided the same way under FULL.
    store = makeTempSqliteStore({ synchronous: 'NORMAL' });
    await Effect.runPromise(store.turns.createConversation({ id: 'conv_race', createdAt: 0 }));
    const path = `${store.dir}/weft.db`;
    const a = spawnWorker(path, 'conv_race', 'a');
    const b = spawnWorker(path, 'conv_race', 'b');
    workers.push(a, b);
    await Promise.all([a.expectMessage('ready'), b.expectMessage('ready')]);
    return { store, a, b };
  };

  it('decides every race with exactly one Conflict and loses or tears no turn', async () => {
    const { store, a, b } = await setUp();
    const rounds = 10;
    const winners: string[] = [];
    for (let round = 0; round < rounds; round++) {
      a.send({ cmd: 'prepare', round });
      b.send({ cmd: 'prepare', round });
      const [pa, pb] = await Promise.all([
        a.expectMessage('prepared'),
        b.expectMessage('prepared'),
      ]);
      expect(pa['version']).toBe(round);
      expect(pb['version']).toBe(round);
      a.send({ cmd: 'commit' });
      b.send({ cmd: 'commit' });
      const outcomes = await Promise.all([
        a.expectMessage('committed'),
        b.expectMessage('committed'),
      ]);
      expect(outcomes.map((o) => o['outcome']).sort()).toEqual(['conflict', 'ok']);
      winners.push(String(outcomes.find((o) => o['outcome'] === 'ok')?.['turnId']));
    }
    const conversation = await Effect.runPromise(store.turns.getConversation('conv_race'));
    expect(conversation.version).toBe(rounds);
    const chain = await Effect.runPromise(store.turns.readChain(conversation.headTurnId ?? ''));
    expect(chain.map((t) => t.id)).toEqual(winners);
    // Losers' turns stay in the tree as siblings of the winners: nothing is lost.
    const all = JSON.parse(
      `[${(await Effect.runPromise(store.exportJsonl()))
        .trim()
        .split('\n')
        .slice(1)
        .filter((line) => line.includes('"type":"turn"'))
        .join(',')}]`,
    ) as { data: { status: string; output: { content: { text: string }[] }[]; id: string } }[];
    expect(all).toHaveLength(rounds * 2);
    for (const { data } of all) {
      expect(data.status).toBe('completed');
      expect(data.output[0]?.content[0]?.text).toMatch(/^[ab] says x{1000} #\d+$/);
    }
  }, 120_000);

  it('keeps every committed turn on one chain when both append freely with retries', async () => {
    const { store, a, b } = await setUp();
    const perWorker = 20;
    a.send({ cmd: 'run', count: perWorker });
    b.send({ cmd: 'run', count: perWorker });
    const [ra, rb] = await Promise.all([a.expectMessage('ran'), b.expectMessage('ran')]);
    const conflicts = Number(ra['conflicts']) + Number(rb['conflicts']);
    const conversation = await Effect.runPromise(store.turns.getConversation('conv_race'));
    expect(conversation.version).toBe(perWorker * 2);
    const chain = await Effect.runPromise(store.turns.readChain(conversation.headTurnId ?? ''));
    expect(chain).toHaveLength(perWorker * 2);
    expect(chain.filter((t) => t.id.startsWith('a_'))).toHaveLength(perWorker);
    chain.forEach((turn, depth) => {
      expect(turn.depth).toBe(depth);
      expect(turn.parentId).toBe(depth === 0 ? null : chain[depth - 1]?.id);
      expect(turn.status).toBe('completed');
    });
    const hits = await Effect.runPromise(store.searchTurns('says', { limit: 1000 }));
    expect(hits).toHaveLength(perWorker * 2 + conflicts);
  }, 120_000);
});
