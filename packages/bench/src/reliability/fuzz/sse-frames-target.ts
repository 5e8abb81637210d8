import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as fc from 'fast-check';
import { streamStrategy } from '@weft/adapter-stream';
import { createWeft } from '@weft/core';
import { startLocalServer } from '@weft/local-server';
import type { FuzzTarget } from './fuzz-target.js';
import { mutateJson, mutateText } from './junk.js';

/** A real stream from the local server, as SSE text. */
async function recordStream(apiKey: string, seed: number): Promise<string> {
  const server = await startLocalServer({ apiKey, seed });
  try {
    const response = await fetch(`${server.baseURL}/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-5',
        input: 'Tell me a short story.',
        stream: true,
        reasoning: { effort: 'low', summary: 'auto' },
      }),
    });
    return await response.text();
  } finally {
    await server.close();
  }
}

/** Mutations at the level of SSE frames: dropped, repeated, reordered, or with damaged JSON. */
function mutateFrames(frames: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.record({
    at: fc.nat({ max: frames.length - 1 }),
    other: fc.nat({ max: frames.length - 1 }),
    action: fc.constantFrom('drop', 'repeat', 'swap', 'damage-json'),
  });
  return fc.array(edit, { minLength: 1, maxLength: 3 }).chain((edits) => {
    const damaged = edits.map((e) => {
      const frame = frames[e.at] ?? '';
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (e.action !== 'damage-json' || data === undefined) return fc.constant(frame);
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        return fc.constant(frame);
      }
      return mutateJson(parsed).map((v) => frame.replace(data, JSON.stringify(v) ?? 'null'));
    });
    return fc.tuple(...damaged).map((replacements) => {
      const out = [...frames];
      edits.forEach((e, i) => {
        if (e.action === 'drop') out.splice(e.at, 1);
        else if (e.action === 'repeat') out.splice(e.at, 0, out[e.at] ?? '');
        else if (e.action === 'swap')
          [out[e.at], out[e.other]] = [out[e.other] ?? '', out[e.at] ?? ''];
        else out[e.at] = replacements[i] ?? '';
      });
      return `${out.join('\n\n')}\n\n`;
    });
  });
}

/**
 * Damaged and random SSE bodies, served by a raw HTTP server to a Weft conversation with the
 * stream strategy: every send must complete or fail with a typed error (`StreamInterrupted`, …)
 * and never hang.
 */
export const sseFramesTarget: FuzzTarget = {
  name: 'sse-frames',
  async setup(env) {
    const recorded = await recordStream(env.sentinels.apiKey, env.seed);
    const frames = recorded.split('\n\n').filter((f) => f.trim() !== '');
    let body = '';
    const raw: Server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
        response.end(body);
      });
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const { port } = raw.address() as AddressInfo;
    const weft = createWeft({
      client: {
        baseURL: `http://127.0.0.1:${port}/v1`,
        apiKey: env.sentinels.apiKey,
        timeoutMs: 3000,
      },
      strategies: { stream: streamStrategy() },
      defaults: {
        model: 'gpt-5',
        execution: 'stream',
        contextStrategy: 'local',
        retry: { maxAttempts: 1 },
      },
    });
    const arbitrary = fc.oneof(
      { weight: 4, arbitrary: mutateFrames(frames) },
      { weight: 2, arbitrary: mutateText(recorded) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
      {
        weight: 1,
        arbitrary: fc
          .array(
            fc.tuple(
              fc.constantFrom('event: ', 'data: ', 'id: ', ': ', 'retry: ', ''),
              fc.string({ maxLength: 40 }),
            ),
            { maxLength: 8 },
          )
          .map((lines) => lines.map(([field, value]) => `${field}${value}`).join('\n')),
      },
    );
    return {
      arbitrary,
      async run(text: string) {
        body = text;
        const convo = await weft.conversation();
        try {
          await convo.send('Tell me a short story.').result;
        } finally {
          await convo.close();
        }
      },
      async close() {
        await weft.close();
        raw.closeAllConnections();
        await new Promise((resolve) => raw.close(resolve));
      },
    };
  },
};
