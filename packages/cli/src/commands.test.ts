import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, json, tempDir, toolsModule, weft } from './test-support/cli.js';

interface ListedConversation {
  readonly id: string;
  readonly title: string | null;
  readonly turns: number;
  readonly forkedFrom: string | null;
}

describe('weft ls, show, fork, export, import', { timeout: 45_000 }, () => {
  const tmp = tempDir();
  const cwd = tmp.dir;
  let conversationId = '';

  beforeAll(async () => {
    await ensureBuilt();
    writeFileSync(join(cwd, 'tools.mjs'), toolsModule);
    const chat = await weft(['chat', '--tools', 'tools.mjs', '--title', 'trip'], {
      cwd,
      input: 'Hello there\nUse get_weather for Lisbon\n/quit\n',
    });
    expect(chat.stderr).toBe('');
    expect(chat.code).toBe(0);
    expect(chat.stdout).toContain('⚙ get_weather(');
    conversationId = /conv_[0-9a-f]+/.exec(chat.stdout)?.[0] ?? '';
    expect(conversationId).not.toBe('');
  }, 60_000);
  afterAll(() => tmp.remove());

  it('lists conversations as a table and as JSON, and searches turn text', async () => {
    const [table, listed, search, searchJson] = await Promise.all([
      weft(['ls'], { cwd }),
      weft(['ls', '--json'], { cwd }),
      weft(['ls', '--search', 'Lisbon'], { cwd }),
      weft(['ls', '--search', 'Lisbon', '--json'], { cwd }),
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+TITLE\s+TURNS/);
    expect(table.stdout).toContain(conversationId);
    expect(table.stdout).not.toContain('\u001b[');
    const page = json<{ items: ListedConversation[]; nextCursor: string | null }>(listed.stdout);
    expect(page.items).toEqual([
      expect.objectContaining({ id: conversationId, title: 'trip', turns: 3 }),
    ]);
    expect(page.nextCursor).toBeNull();
    expect(search.stdout).toContain(conversationId);
    const hits = json<{ hits: { conversationId: string; snippet: string }[] }>(
      searchJson.stdout,
    ).hits;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.conversationId === conversationId)).toBe(true);
  });

  it('shows a transcript, as text, JSON and the turn tree', async () => {
    const [text, asJson] = await Promise.all([
      weft(['show', conversationId], { cwd }),
      weft(['show', conversationId, '--json'], { cwd }),
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('user: Hello there');
    expect(text.stdout).toContain('tool call get_weather');
    const transcript = json<{ kind: string; turns: unknown[] }>(asJson.stdout);
    expect(transcript.kind).toBe('branch');
    expect(transcript.turns).toHaveLength(3);
  });

  it('forks at an earlier turn; the tree shows both branches', async () => {
    const fork = await weft(['fork', conversationId, '--at', '1', '--json'], { cwd });
    expect(fork.code).toBe(0);
    const forked = json<{
      conversation: { id: string; forkedFrom: string; headTurnId: string };
      position: number;
    }>(fork.stdout);
    expect(forked.conversation.forkedFrom).toBe(conversationId);
    expect(forked.position).toBe(1);
    const more = await weft(['chat', '--conversation', forked.conversation.id], {
      cwd,
      input: 'Something else\n',
    });
    expect(more.code).toBe(0);
    const tree = await weft(['show', conversationId, '--tree'], { cwd });
    expect(tree.stdout).toContain('├─');
    expect(tree.stdout).toContain(`head of ${forked.conversation.id}`);
    expect(tree.stdout).toContain(`head of ${conversationId}`);
  }, 30_000);

  it('round-trips a conversation through export and import', async () => {
    const exported = await weft(['export', conversationId, '--out', 'one.jsonl'], { cwd });
    expect(exported.code).toBe(0);
    expect(readFileSync(join(cwd, 'one.jsonl'), 'utf8').split('\n')[0]).toBe(
      '{"format":"weft.jsonl","version":1}',
    );
    const imported = await weft(['--db', 'copy.db', 'import', 'one.jsonl', '--json'], { cwd });
    expect(imported.code).toBe(0);
    expect(json<{ conversations: number; turns: number }>(imported.stdout)).toMatchObject({
      conversations: 1,
      turns: 3,
    });
    const [original, copy] = await Promise.all([
      weft(['show', conversationId, '--json'], { cwd }),
      weft(['--db', 'copy.db', 'show', conversationId, '--json'], { cwd }),
    ]);
    expect(copy.stdout).toBe(original.stdout);
  });

  it('answers bad input with one line and exit code 2, failures with exit code 1, never a stack trace', async () => {
    const cases = await Promise.all([
      weft(['bogus'], { cwd }),
      weft(['ls', '--limit', 'many'], { cwd }),
      weft(['show'], { cwd }),
      weft(['--db', 'nowhere.db', 'ls'], { cwd }),
      weft(['fork', conversationId, '--at', '99'], { cwd }),
      weft(['import', 'missing.jsonl'], { cwd }),
      weft(['show', 'conv_unknown'], { cwd }),
    ]);
    for (const [i, r] of cases.entries()) {
      expect(r.code, `case ${i}: ${r.stderr}`).toBe(i === cases.length - 1 ? 1 : 2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n'), `case ${i}`).toHaveLength(1);
      expect(r.stderr).toMatch(/^weft: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(cases[0]?.stderr).toContain("Run 'weft --help'");
    expect(cases[3]?.stderr).toContain('--db');
    const debug = await weft(['--debug', 'show', 'conv_unknown'], { cwd });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
