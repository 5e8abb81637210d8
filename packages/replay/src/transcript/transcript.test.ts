import { Effect } from 'effect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replayEnv, type ReplayEnv } from '../test-support.js';
import { readTranscript } from './read-transcript.js';
import { renderMarkdown } from './render-markdown.js';
import { renderJson, renderText } from './render-text.js';
import type { BranchTranscript, TreeTranscript } from './transcript-types.js';

let env: ReplayEnv;
let conversationId: string;
let forkId: string;
/** The failed response's turn: in the tree, off the conversation's path. */
let failedId: string;

beforeEach(async () => {
  env = await replayEnv();
  const weft = env.weft('A');
  const convo = await weft.conversation({
    title: 'Weather chat',
    instructions: 'You are a weather assistant.',
  });
  await convo.send('What is the weather in Paris?').result;
  const answerTurn = convo.headTurnId ?? '';
  env.serverA.faults.push({ forgetPrevious: true });
  await convo.send('thanks').result;
  const beforeFailure = convo.headTurnId ?? '';
  env.serverA.faults.push({ failWith: { code: 'server_error', message: 'The model crashed.' } });
  await convo.send('thanks again').result.catch(() => undefined);
  const children = await Effect.runPromise(env.store.turns.childrenOf(beforeFailure));
  failedId = children.find((t) => t.status === 'failed')?.id ?? '';
  const fork = await weft.fork({ turnId: answerTurn }, { title: 'Structured fork' });
  await fork.send('Summarise as JSON', { params: { text: { format: { type: 'json_object' } } } })
    .result;
  conversationId = convo.id;
  forkId = fork.id;
});
afterEach(async () => {
  await env.close();
});

describe('transcripts', () => {
  it('renders a branch as Markdown with tool calls, reasoning, usage, fallbacks and errors', async () => {
    const path = (await readTranscript(env.store, { conversationId })) as BranchTranscript;
    expect(path.turns.map((t) => t.status)).toEqual(['completed', 'completed', 'completed']);
    // The branch that ends at the failed response (the head stayed before it).
    const transcript = await readTranscript(env.store, { headTurnId: failedId });
    const md = renderMarkdown(transcript);
    expect(md).toContain('# Transcript');
    expect(md).toContain('**User:**\n> What is the weather in Paris?');
    expect(md).toContain('**Reasoning:**\n> The user wants the weather; call the tool.');
    expect(md).toContain('**Tool call** `get_weather`');
    expect(md).toContain('```json\n{"city":"Paris"}\n```');
    expect(md).toContain('Result: `sunny, 21 °C`');
    expect(md).toContain('**Tool result** `get_weather`');
    expect(md).toContain('> It is sunny, 21 °C in Paris today.');
    expect(md).toMatch(
      /\*\*fallback\*\* server → local: the server answered previous_response_not_found/,
    );
    expect(md).toMatch(
      /\*\*error\*\* ResponseFailed: Response resp_\w+ failed \(server_error\): The model crashed\./,
    );
    expect(md).toMatch(
      /- model scripted-a · context server · execution blocking · response resp_\w+ · latency \d+ ms/,
    );
    expect(md).toMatch(/usage \d+ in \/ \d+ out \(reasoning \d+, cached \d+\), \d+ total/);
    expect(md).toContain('- instructions: You are a weather assistant.');
    expect(md.indexOf('What is the weather')).toBeLessThan(md.indexOf('thanks again'));
  });

  it('renders a branch as plain text and JSON', async () => {
    const transcript = (await readTranscript(env.store, { headTurnId: failedId })) as BranchTranscript;
    expect(transcript.turns.map((t) => t.status)).toEqual([
      'completed',
      'completed',
      'completed',
      'failed',
    ]);
    const text = renderText(transcript);
    expect(text).toContain('user: What is the weather in Paris?');
    expect(text).toContain('tool call get_weather [call_');
    expect(text).toContain('{"city":"Paris"} -> sunny, 21 °C');
    expect(text).toContain('! fallback server → local');
    expect(text).toContain('! error ResponseFailed');
    const json = JSON.parse(renderJson(transcript)) as BranchTranscript;
    expect(json.kind).toBe('branch');
    expect(json.turns[0]?.output).toContainEqual(
      expect.objectContaining({
        kind: 'tool-call',
        name: 'get_weather',
        arguments: '{"city":"Paris"}',
        output: 'sunny, 21 °C',
      }),
    );
    expect(json.turns[2]?.fallback).toMatchObject({ from: 'server', to: 'local' });
    expect(json.turns[2]?.contextStrategy).toBe('local');
    expect(json.turns[3]?.error?.tag).toBe('ResponseFailed');
    expect(json.usage.total).toBe(json.turns.reduce((n, t) => n + (t.usage?.total ?? 0), 0));
  });

  it('shows structured output on the fork', async () => {
    const transcript = (await readTranscript(env.store, {
      conversationId: forkId,
    })) as BranchTranscript;
    const last = transcript.turns.at(-1);
    expect(last?.output.some((e) => e.kind === 'structured')).toBe(true);
    expect(renderMarkdown(transcript)).toContain('**Structured output:**\n```json\n{');
  });

  it('renders the whole tree with both branches and the failed attempt', async () => {
    const tree = (await readTranscript(
      env.store,
      { conversationId },
      { scope: 'tree' },
    )) as TreeTranscript;
    expect(tree.kind).toBe('tree');
    // 2 tool-loop turns; then the failed attempt and its fallback, the failed response, and the
    // fork's failed attempt and fallback (the server forgot the response for good).
    expect(tree.turnCount).toBe(7);
    const md = renderMarkdown(tree);
    expect(md).toContain('Branch 1 of 4 after');
    expect(md).toMatch(/\*\*error\*\* PreviousResponseNotFound/);
    expect(md).toContain(`head of \`${forkId}\``);
    expect(md).toContain(`head of \`${conversationId}\``);
    const text = renderText(tree);
    expect(text).toMatch(/├─ \[turn_\d+\] failed/);
    expect(text).toMatch(/└─ \[turn_\d+\] completed \(head of conv_\d+\)/);
    const json = JSON.parse(renderJson(tree)) as TreeTranscript;
    expect(json.root.children[0]?.children).toHaveLength(4);
  });
});
