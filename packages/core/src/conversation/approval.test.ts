import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '../tools/define-tool.js';
import { eventually, localWeft, type LocalWeft } from './local-weft.test-support.js';

let env: LocalWeft | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const transfers: string[] = [];
const transfer = defineTool({
  name: 'transfer_money',
  description: 'Moves money between accounts.',
  parameters: z.object({ to: z.string(), amount: z.number() }),
  needsApproval: true,
  execute: ({ to, amount }) => {
    transfers.push(`${to}:${amount}`);
    return { ok: true };
  },
});

const script = {
  rules: [
    {
      match: { input: 'pay' },
      reply: { functionCalls: [{ name: 'transfer_money', arguments: { to: 'bob', amount: 20 } }] },
    },
  ],
};

describe('approvals', () => {
  it('pauses for approval, survives a process restart through the store, and finishes once approved', async () => {
    transfers.length = 0;
    env = await localWeft({ script });
    const convo = await env.weft.conversation({ tools: [transfer] });
    const turn = convo.send('pay bob 20');
    const seen: string[] = [];
    const reading = (async () => {
      for await (const e of turn.events()) seen.push(e.type);
    })();
    await eventually(() => convo.state === 'awaitingApproval', 'awaitingApproval');
    expect(convo.pendingApprovals.map((c) => c.name)).toEqual(['transfer_money']);
    expect(transfers).toEqual([]);
    await eventually(() => seen.includes('approval.requested'), 'approval event');
    await convo.flush();

    // A new process: a fresh Weft on the same store rebuilds the machine in awaitingApproval.
    await env.weft.close();
    await reading.catch(() => undefined);
    const restarted = env.reopen();
    const resumed = await restarted.open(convo.id, { tools: [transfer] });
    expect(resumed.state).toBe('awaitingApproval');
    const [pending] = resumed.pendingApprovals;
    expect(pending?.name).toBe('transfer_money');
    resumed.approve(pending!.callId);
    await eventually(() => resumed.state === 'idle', 'idle after approval');
    expect(transfers).toEqual(['bob:20']);
    const history = await resumed.history();
    expect(history).toHaveLength(2);
    expect(history[1]!.request.input[0]).toMatchObject({ type: 'function_call_output' });
  });

  it('tells the model when a person rejects a call', async () => {
    transfers.length = 0;
    env = await localWeft({ script });
    const convo = await env.weft.conversation({ tools: [transfer] });
    const turn = convo.send('pay bob 20');
    await eventually(() => convo.state === 'awaitingApproval', 'awaitingApproval');
    convo.reject(convo.pendingApprovals[0]!.callId, 'over the limit');
    const result = await turn.result;
    expect(transfers).toEqual([]);
    expect(JSON.stringify(result.turn.request.input)).toContain('over the limit');
    expect(() => convo.approve('nope')).toThrow(/Cannot approve/);
  });
});
