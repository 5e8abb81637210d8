import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { localWeft, type LocalWeft } from '../conversation/local-weft.test-support.js';
import { consoleLogger, type LogFields, type Logger } from './logger.js';
import { pinoLogger } from './pino-logger.js';
import { redactingLogger } from './redacting-logger.js';

const sentinel = 'sk-test-sentinel-0123456789';

function recordingLogger() {
  const lines: { level: string; obj: LogFields; msg: string }[] = [];
  const at =
    (level: string) =>
    (obj: LogFields, msg: string): void => {
      lines.push({ level, obj, msg });
    };
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger, lines };
}

let env: LocalWeft | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('logs', () => {
  it('redact credential-named keys and secret strings by construction', () => {
    const { logger, lines } = recordingLogger();
    const safe = redactingLogger(logger, { secrets: [sentinel] });
    safe.error(
      {
        apiKey: sentinel,
        headers: { authorization: `Bearer ${sentinel}` },
        nested: {
          access_token: 'abc',
          note: `the key was ${sentinel}`,
          list: [`Bearer ${sentinel}`],
        },
        usage: { input_tokens: 3, output_tokens: 4 },
        error: new Error(`Unauthorized with ${sentinel}`),
      },
      `failed with key ${sentinel}`,
    );
    const text = JSON.stringify(lines);
    expect(text).not.toContain(sentinel);
    expect(lines[0]!.obj).toMatchObject({
      apiKey: '[redacted]',
      headers: '[redacted]',
      nested: { access_token: '[redacted]' },
      usage: { input_tokens: 3, output_tokens: 4 },
    });
    expect(lines[0]!.msg).toBe('failed with key [redacted]');
  });

  it('never carry the API key through a conversation, even when a request fails', async () => {
    const { logger, lines } = recordingLogger();
    env = await localWeft({ weft: { telemetry: { logger } } });
    const convo = await env.weft.conversation({ retry: { maxAttempts: 1 } });
    await convo.send('hello').result;
    env.server.faults.push({ status: 401, times: 1 });
    await convo.send('again').result.catch(() => undefined);
    expect(lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['turn started', 'turn finished', 'send failed']),
    );
    expect(lines.find((l) => l.msg === 'send failed')).toMatchObject({
      level: 'error',
      obj: { tag: 'Unauthorized' },
    });
    expect(JSON.stringify(lines)).not.toContain(sentinel);
  });

  it('filters by level', () => {
    const { logger, lines } = recordingLogger();
    const safe = redactingLogger(logger, { level: 'warn' });
    safe.debug({}, 'no');
    safe.info({}, 'no');
    safe.warn({}, 'yes');
    safe.error({}, 'yes');
    expect(lines.map((l) => l.level)).toEqual(['warn', 'error']);
  });

  it('writes JSON lines through the console logger', () => {
    const out: string[] = [];
    const write = (line: string): void => void out.push(line);
    const logger = consoleLogger({
      level: 'info',
      console: { debug: write, info: write, warn: write, error: write },
    });
    logger.debug({ a: 1 }, 'hidden');
    logger.info({ turnId: 't1' }, 'turn finished');
    expect(out.map((l) => JSON.parse(l) as unknown)).toEqual([
      { level: 'info', msg: 'turn finished', turnId: 't1' },
    ]);
  });

  it('writes through pino, whose level applies', () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    const logger = redactingLogger(pinoLogger(pino({ level: 'info' }, stream)), {
      secrets: [sentinel],
    });
    logger.debug({ x: 1 }, 'hidden');
    logger.info({ turnId: 't1', authorization: sentinel }, `turn finished ${sentinel}`);
    expect(chunks).toHaveLength(1);
    const record = JSON.parse(chunks[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({
      level: 30,
      msg: 'turn finished [redacted]',
      turnId: 't1',
      authorization: '[redacted]',
    });
  });
});
