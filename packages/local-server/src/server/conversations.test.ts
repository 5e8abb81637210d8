import { NotFoundError } from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from '../test-support/server.js';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer();
});
afterEach(async () => t.close());

describe('Conversations API', () => {
  it('creates, retrieves, updates and deletes a conversation', async () => {
    const conversation = await t.client.conversations.create({ metadata: { topic: 'demo' } });
    expect(conversation.id).toMatch(/^conv_[0-9a-f]{48}$/);
    expect(conversation).toMatchObject({ object: 'conversation', metadata: { topic: 'demo' } });
    expect(await t.client.conversations.retrieve(conversation.id)).toEqual(conversation);
    const updated = await t.client.conversations.update(conversation.id, { metadata: { topic: 'changed' } });
    expect(updated.metadata).toEqual({ topic: 'changed' });
    const deleted = await t.client.conversations.delete(conversation.id);
    expect(deleted).toEqual({ id: conversation.id, object: 'conversation.deleted', deleted: true });
    await expect(t.client.conversations.retrieve(conversation.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('adds, lists, retrieves and deletes items', async () => {
    const conversation = await t.client.conversations.create({
      items: [{ type: 'message', role: 'user', content: 'first' }],
    });
    const added = await t.client.conversations.items.create(conversation.id, {
      items: [
        { type: 'message', role: 'assistant', content: 'second' },
        { type: 'message', role: 'user', content: 'third' },
      ],
    });
    expect(added.data).toHaveLength(2);
    const page = await t.client.conversations.items.list(conversation.id, { order: 'asc' });
    expect(page.data).toHaveLength(3);
    const desc = await t.client.conversations.items.list(conversation.id, { limit: 1 });
    expect(desc.data[0]?.id).toBe(added.data[1]?.id);
    expect(desc.has_more).toBe(true);
    const id = page.data[0]?.id ?? '';
    const item = await t.client.conversations.items.retrieve(id, { conversation_id: conversation.id });
    expect(item).toMatchObject({ type: 'message', role: 'user' });
    const after = await t.client.conversations.items.delete(id, { conversation_id: conversation.id });
    expect(after.id).toBe(conversation.id);
    expect((await t.client.conversations.items.list(conversation.id)).data).toHaveLength(2);
    await expect(t.client.conversations.items.retrieve(id, { conversation_id: conversation.id })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('prepends conversation items to the context and appends each turn after it finishes', async () => {
    const conversation = await t.client.conversations.create({ items: [{ type: 'message', role: 'user', content: 'I like tea.' }] });
    const first = await t.client.responses.create({ model: 'gpt-5', input: 'What do I like?', conversation: conversation.id });
    expect(first.output_text).toContain('turn 2');
    expect(first.conversation).toEqual({ id: conversation.id });
    const items = await t.client.conversations.items.list(conversation.id, { order: 'asc' });
    expect(items.data.map((i) => i.type)).toEqual(['message', 'message', 'message']);
    const second = await t.client.responses.create({ model: 'gpt-5', input: 'And now?', conversation: { id: conversation.id } });
    expect(second.output_text).toContain('turn 3');
    expect((await t.client.conversations.items.list(conversation.id)).data).toHaveLength(5);
  });

  it('answers 404 for an unknown conversation in responses.create', async () => {
    await expect(t.client.responses.create({ model: 'gpt-5', input: 'x', conversation: 'conv_nope' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('caps items per call at 20', async () => {
    const items = Array.from({ length: 21 }, () => ({ type: 'message' as const, role: 'user' as const, content: 'x' }));
    await expect(t.client.conversations.create({ items })).rejects.toMatchObject({ status: 400, param: 'items' });
  });
});
