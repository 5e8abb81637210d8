import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '@weft/local-server';
import { bin, cleanEnv, ensureBuilt, json, tempDir, weft } from './test-support/cli.js';

/** `weft chat` on a pseudo-terminal (util-linux `script`), driven through its standard input. */
function ptyChat(cwd: string, env: NodeJS.ProcessEnv) {
  const child = spawn('script', ['-qfec', `${process.execPath} ${bin} chat`, '/dev/null'], {
    cwd,
    env,
  });
  const chunks: { at: number; text: string }[] = [];
  let output = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout.on('data', (d: Buffer) => {
    const text = d.toString();
    chunks.push({ at: Date.now(), text });
    output += text;
    for (const w of [...waiters]) {
      if (w.pattern.test(output)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    chunks,
    get output() {
      return output;
    },
    closed,
    type: (line: string) => child.stdin.write(`${line}\r`),
    waitFor: (pattern: RegExp) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(output)) return resolve();
        waiters.push({ pattern, resolve });
        const timer = setTimeout(
          () => reject(new Error(`no ${String(pattern)} in:\n${output}`)),
          30_000,
        );
        timer.unref();
      }),
  };
}

describe('weft chat on a terminal', { timeout: 60_000 }, () => {
  const tmp = tempDir();
  const cwd = tmp.dir;
  let server: LocalServer;

  beforeAll(async () => {
    await ensureBuilt();
    server = await startLocalServer({ port: 0 });
    server.faults.set({ delayBetweenMs: 15 });
  }, 60_000);
  afterAll(async () => {
    await server.close();
    tmp.remove();
  });

  it('streams the answer, forks, undoes and quits; colour on a terminal', async () => {
    const chat = ptyChat(
      cwd,
      cleanEnv({ OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'local', TERM: 'xterm' }),
    );
    await chat.waitFor(/you> /);
    chat.type('Hello there');
    await chat.waitFor(/\(\d+ tokens · 1 turn\)/);
    // The answer arrived in pieces, not in one write.
    const pieces = chat.chunks.filter(
      (c) => /said|Hello|turn 1|conversation/.test(c.text) && !c.text.includes('you>'),
    );
    expect(pieces.length).toBeGreaterThan(1);
    expect(chat.output).toContain('You said: "Hello there"');
    expect(chat.output).toContain('\u001b['); // colour on a TTY
    chat.type('/fork');
    await chat.waitFor(/forked (conv_\w+) → (conv_\w+)/);
    const [, from, to] = /forked (conv_\w+) → (conv_\w+)/.exec(chat.output) ?? [];
    chat.type('Second message');
    await chat.waitFor(/turn 2 of our conversation/);
    chat.type('/undo');
    await chat.waitFor(/undid “Second message”/);
    chat.type('/quit');
    expect(await chat.closed).toBe(0);
    const listed = await weft(['ls', '--json'], { cwd });
    const items = json<{ items: { id: string; turns: number; forkedFrom: string | null }[] }>(
      listed.stdout,
    ).items;
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: from, turns: 1 }),
        expect.objectContaining({ id: to, turns: 1, forkedFrom: from }),
      ]),
    );
  });

  it('prints no colour with NO_COLOR, even on a terminal', async () => {
    const chat = ptyChat(
      cwd,
      cleanEnv({
        OPENAI_BASE_URL: server.baseURL,
        OPENAI_API_KEY: 'local',
        TERM: 'xterm',
        NO_COLOR: '1',
      }),
    );
    await chat.waitFor(/you> /);
    chat.type('Hi');
    await chat.waitFor(/tokens · 1 turn/);
    chat.type('/strategy nonsense');
    await chat.waitFor(/unknown strategy 'nonsense'/);
    chat.type('/quit');
    expect(await chat.closed).toBe(0);
    // eslint-disable-next-line no-control-regex -- SGR (colour) escape sequences
    expect(chat.output).not.toMatch(/\u001b\[[0-9;]*m/);
  });
});
