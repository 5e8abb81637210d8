import { inspect } from 'node:util';
import { createWeft } from '@weft/core';
import { Cause, Effect, Exit } from 'effect';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bedrock } from './bedrock.js';
import { startLocalBedrock, type LocalBedrock } from './internal/local-bedrock.test-support.js';

const SENTINEL = 'SENTINEL-key-9f8e7d6c5b4a';
const TOKEN = 'bedrock-api-key-U0VOVElORUwtdG9rZW4tOTk5OQ==';
const SECRET_ACCESS_KEY = 'SENTINELsecretAccessKey0123456789abcdef';

let running: LocalBedrock | undefined;
let logged: string[] = [];
beforeEach(() => {
  logged = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(
        args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 8 }))).join(' '),
      );
    });
  }
});
afterEach(async () => {
  vi.restoreAllMocks();
  await running?.close();
  running = undefined;
});

/** Every way an error is commonly turned into text. */
function renderings(error: unknown): string[] {
  const e = error as Error;
  return [
    String(e),
    JSON.stringify(e),
    e.message,
    e.stack ?? '',
    inspect(e, { depth: 8 }),
    Cause.pretty(Cause.fail(e)),
  ];
}

function expectClean(error: unknown, ...secrets: string[]): void {
  for (const text of [...renderings(error), ...logged]) {
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
}

/** A server that repeats the credentials it was sent in its error message. */
const echoing: typeof fetch = (_input, init) => {
  const auth = new Headers(init?.headers).get('authorization') ?? '';
  const raw = auth.replace(/^Bearer\s+/i, '');
  return Promise.resolve(
    new Response(
      JSON.stringify({
        error: {
          message: `Invalid key ${raw} (header was '${auth}')`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
          param: null,
        },
      }),
      { status: 401, headers: { 'content-type': 'application/json' } },
    ),
  );
};

describe('keys and tokens never reach errors or logs', () => {
  it('an API key refused by the local server (401)', async () => {
    running = await startLocalBedrock('mantle', { serverKey: 'the-right-key', apiKey: SENTINEL });
    const exit = await Effect.runPromiseExit(
      running.bedrock.client.create({ model: running.bedrock.model, input: 'hi' }),
    );
    expect(Exit.isFailure(exit)).toBe(true);
    const error = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined;
    expect(error).toMatchObject({ _tag: 'Unauthorized' });
    expectClean(error, SENTINEL);
    expect(running.sent[0]?.authorization).toBe(`Bearer ${SENTINEL}`);
  });

  it('an API key echoed back by the server, through a Weft conversation', async () => {
    const { client, model } = bedrock({
      model: 'openai.gpt-oss-20b',
      region: 'us-east-1',
      apiKey: SENTINEL,
      env: {},
      fetch: echoing,
    });
    const weft = createWeft({ client, defaults: { model } });
    const convo = await weft.conversation();
    const error = await convo.send('hi').result.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ _tag: 'Unauthorized' });
    expectClean(error, SENTINEL);
    const stored = JSON.stringify(await Effect.runPromise(weft.store.turns.listConversations()));
    expect(stored).not.toContain(SENTINEL);
    await weft.close();
  });

  it('a token from tokenProvider echoed back', async () => {
    const { client } = bedrock({
      model: 'openai.gpt-oss-20b',
      region: 'us-east-1',
      tokenProvider: () => Promise.resolve(SENTINEL),
      env: {},
      fetch: echoing,
    });
    const error = await Effect.runPromise(
      Effect.flip(client.create({ model: 'openai.gpt-oss-20b', input: 'hi' })),
    );
    expect(error).toMatchObject({ _tag: 'Unauthorized', authKind: 'token-provider' });
    expectClean(error, SENTINEL);
  });

  it('a token made from AWS credentials echoed back, and a failing token maker', async () => {
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET_ACCESS_KEY };
    const made = bedrock({
      model: 'openai.gpt-oss-20b',
      region: 'us-east-1',
      credentials,
      mintToken: () => Promise.resolve(TOKEN),
      env: {},
      fetch: echoing,
    });
    const refused = await Effect.runPromise(
      Effect.flip(made.client.create({ model: 'openai.gpt-oss-20b', input: 'hi' })),
    );
    expect(refused).toMatchObject({ _tag: 'Unauthorized', authKind: 'aws-credentials' });
    expectClean(refused, TOKEN, SECRET_ACCESS_KEY);

    const sent: string[] = [];
    const broken = bedrock({
      model: 'openai.gpt-oss-20b',
      region: 'us-east-1',
      credentials,
      mintToken: ({ credentials: c }) =>
        Promise.reject(new Error(`cannot sign with ${c.secretAccessKey}`)),
      env: {},
      fetch: (input) => {
        sent.push(String(input));
        return Promise.reject(new Error('unreachable'));
      },
    });
    const noToken = await Effect.runPromise(
      Effect.flip(broken.client.create({ model: 'openai.gpt-oss-20b', input: 'hi' })),
    );
    expect(noToken).toMatchObject({ _tag: 'Unauthorized', noToken: true });
    expect(noToken.message).toContain('No request was sent');
    expect(noToken.message).toContain('cannot sign with [redacted]');
    expectClean(noToken, SECRET_ACCESS_KEY);
    expect(sent).toHaveLength(0);
  });

  it('the result of bedrock() holds no secret', () => {
    const result = bedrock({
      model: 'openai.gpt-oss-20b',
      region: 'us-east-1',
      apiKey: SENTINEL,
      env: {},
    });
    expect(JSON.stringify({ ...result, client: undefined })).not.toContain(SENTINEL);
    expect(inspect(result.auth)).not.toContain(SENTINEL);
    expect(result.auth).toEqual({ kind: 'api-key', source: 'option' });
  });
});
