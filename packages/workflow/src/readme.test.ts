import { createWeft } from '@weft/core';
import { startLocalServer } from '@weft/local-server';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { createWorkflowRunner, workflow } from './index.js';

it('runs the README example', async () => {
  const server = await startLocalServer({
    port: 0,
    script: {
      rules: [{ match: { input: 'Greet Ada' }, reply: { json: { greeting: 'Hello, Ada!' } } }],
    },
  });
  const weft = createWeft({
    client: { baseURL: server.baseURL, apiKey: 'local' },
    defaults: { model: 'scripted' },
  });
  const hello = workflow('hello')
    .onError('done')
    .model('greet', {
      prompt: 'Greet {{ input.name }}',
      output: z.object({ greeting: z.string() }),
      next: 'ok',
    })
    .wait('ok', { prompt: 'Send it?', schema: z.object({ send: z.boolean() }), next: 'done' })
    .end('done', {
      output: { greeting: '{{ steps.greet.output.greeting }}', sent: '{{ steps.ok.output.send }}' },
    })
    .build();

  const runner = createWorkflowRunner({ weft });
  const run = await runner.start(hello, { name: 'Ada' });
  for await (const e of run.events())
    if (e.type === 'step.waiting') await run.send({ payload: { send: true } });
  expect((await run.result).output).toEqual({ greeting: 'Hello, Ada!', sent: true });
  await weft.close();
  await server.close();
});
