import { describe, expect, it } from 'vitest';
import { InvalidConfig, isCoreError } from '../errors.js';
import { createWeft, type WeftOptions } from '../weft.js';

const client = { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-test-secret-value' };

/** Builds a Weft from untyped options (as read from a file) and returns what it threw. */
function thrownBy(options: unknown): unknown {
  try {
    createWeft(options as WeftOptions);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('createWeft configuration checks', () => {
  it.each([
    ['not an object', 'nope', 'options'],
    ['a client that is a number', { client: 42 }, 'client'],
    ['a relative base URL', { client: { ...client, baseURL: 'not a url' } }, 'client.baseURL'],
    ['an API key that is not a string', { client: { ...client, apiKey: 12 } }, 'client.apiKey'],
    ['a header that is not a string', { client: { ...client, headers: { 'x-a': 1 } } }, 'client.headers.x-a'],
    ['a negative client timeout', { client: { ...client, timeoutMs: -5 } }, 'client.timeoutMs'],
    ['defaults that are null', { client, defaults: null }, 'defaults'],
    ['an empty model', { client, defaults: { model: ' ' } }, 'defaults.model'],
    ['an unknown execution', { client, defaults: { model: 'm', execution: { a: 1 } } }, 'defaults.execution'],
    ['an unknown context strategy', { client, defaults: { model: 'm', contextStrategy: 'x' } }, 'defaults.contextStrategy'],
    ['a fractional tool round bound', { client, defaults: { model: 'm', maxToolRounds: 1.5 } }, 'defaults.maxToolRounds'],
    ['zero tool concurrency', { client, defaults: { model: 'm', toolConcurrency: 0 } }, 'defaults.toolConcurrency'],
    ['zero retry attempts', { client, defaults: { model: 'm', retry: { maxAttempts: 0 } } }, 'defaults.retry.maxAttempts'],
    ['jitter above 1', { client, defaults: { model: 'm', retry: { jitter: 2 } } }, 'defaults.retry.jitter'],
    ['a NaN timeout', { client, defaults: { model: 'm', timeoutMs: Number.NaN } }, 'defaults.timeoutMs'],
    ['a strategy without run', { client, strategies: { stream: {} } }, 'strategies.stream'],
    ['telemetry that is null', { client, telemetry: null }, 'telemetry'],
    ['an unknown log level', { client, telemetry: { logLevel: 'loud' } }, 'telemetry.logLevel'],
  ])('refuses %s with InvalidConfig at its path', (_what, options, path) => {
    const error = thrownBy(options);
    expect(error).toBeInstanceOf(InvalidConfig);
    expect(isCoreError(error)).toBe(true);
    expect((error as InvalidConfig).path).toBe(path);
  });

  it('never repeats the API key in the message', () => {
    const error = thrownBy({ client: { ...client, baseURL: 'nope' } }) as InvalidConfig;
    expect(error.message).toContain('client.baseURL');
    expect(error.message).not.toContain(client.apiKey);
  });

  it('accepts a full valid configuration', () => {
    expect(
      thrownBy({
        client: { ...client, headers: { 'x-team': 'a' }, timeoutMs: 1000 },
        defaults: {
          model: 'gpt-5.4',
          execution: 'blocking',
          contextStrategy: 'local',
          retry: { maxAttempts: 2, jitter: 0.5, multiplier: 2 },
          maxToolRounds: 0,
        },
        telemetry: { logLevel: 'warn', recordContent: false },
      }),
    ).toBeUndefined();
  });

  it('reports a missing model as InvalidConfig when a conversation starts', async () => {
    const weft = createWeft({ client });
    await expect(weft.conversation()).rejects.toBeInstanceOf(InvalidConfig);
    await expect(weft.conversation({ maxCorrections: -1, model: 'm' })).rejects.toMatchObject({
      _tag: 'InvalidConfig',
      path: 'settings.maxCorrections',
    });
    await weft.close();
  });

  it('turns a client without any API key into InvalidConfig', () => {
    const saved = process.env['OPENAI_API_KEY'];
    delete process.env['OPENAI_API_KEY'];
    try {
      const error = thrownBy({ client: { baseURL: client.baseURL } });
      expect(error).toBeInstanceOf(InvalidConfig);
      expect((error as InvalidConfig).path).toBe('client.apiKey');
    } finally {
      if (saved !== undefined) process.env['OPENAI_API_KEY'] = saved;
    }
  });
});
