import type { ResponseFunctionToolCall } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pendingApprovals, rejectionOutput } from './approvals.js';
import { defineTool } from './define-tool.js';

const call = (name: string, args: string, callId: string): ResponseFunctionToolCall => ({
  type: 'function_call',
  call_id: callId,
  name,
  arguments: args,
});

const transfer = defineTool({
  name: 'transfer',
  description: 'Moves money.',
  parameters: z.object({ amount: z.number(), note: z.string().optional() }),
  needsApproval: ({ amount }) => amount > 100,
  execute: () => 'sent',
});
const remove = defineTool({
  name: 'delete_file',
  description: 'Deletes a file.',
  parameters: z.object({ path: z.string() }),
  needsApproval: true,
  execute: () => 'deleted',
});
const read = defineTool({
  name: 'read_file',
  description: 'Reads a file.',
  parameters: z.object({ path: z.string() }),
  execute: () => 'content',
});

describe('pendingApprovals', () => {
  it('lists the calls that need approval, in order, with validated arguments', () => {
    const calls = [
      call('transfer', '{"amount": 50, "note": null}', 'call_0'),
      call('delete_file', '{"path": "/tmp/x"}', 'call_1'),
      call('read_file', '{"path": "/tmp/x"}', 'call_2'),
      call('transfer', '{"amount": 500, "note": null}', 'call_3'),
    ];
    const pending = pendingApprovals(calls, [transfer, remove, read]);
    expect(pending.map((p) => [p.callId, p.name, p.arguments])).toEqual([
      ['call_1', 'delete_file', { path: '/tmp/x' }],
      ['call_3', 'transfer', { amount: 500 }],
    ]);
    expect(pending[0]!.call).toBe(calls[1]);
  });

  it('leaves out unknown tools and invalid arguments, which never run', () => {
    const pending = pendingApprovals(
      [
        call('nope', '{}', 'call_0'),
        call('delete_file', '{bad', 'call_1'),
        call('delete_file', '{"path": 1}', 'call_2'),
      ],
      [remove],
    );
    expect(pending).toEqual([]);
  });

  it('counts a throwing predicate as needing approval', () => {
    const risky = defineTool({
      name: 'risky',
      description: 'd',
      parameters: z.object({}),
      needsApproval: () => {
        throw new Error('cannot decide');
      },
      execute: () => 1,
    });
    expect(pendingApprovals([call('risky', '{}', 'call_0')], [risky])).toHaveLength(1);
  });
});

describe('rejectionOutput', () => {
  it('tells the model a person rejected the call', () => {
    const item = rejectionOutput(call('transfer', '{}', 'call_7'), 'amount too large');
    expect(item.type).toBe('function_call_output');
    expect(item.call_id).toBe('call_7');
    expect(JSON.parse(item.output)).toEqual({
      error:
        'A person rejected this call to transfer: amount too large. Do not repeat it unchanged; adjust the request or ask the user.',
      rejected: true,
    });
  });

  it('works without a reason', () => {
    const item = rejectionOutput({ call_id: 'call_0', name: 'delete_file' });
    expect(JSON.parse(item.output)).toMatchObject({
      error: expect.stringMatching(/^A person rejected this call to delete_file\. /),
    });
  });
});
