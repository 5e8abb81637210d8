import type { Hono } from 'hono';
import { invalidRequest, notFound } from '../internal/api-error.js';
import { paginate, parsePageQuery } from '../internal/pagination.js';
import { describeJsonType, isRecord } from '../request/json-type.js';
import { normaliseInput } from '../request/normalise-input.js';
import { type StoredConversation, toWireConversation } from '../store/conversation-store.js';
import { type AppEnv, sendJson } from './http.js';
import type { RouteFlavor } from './profile.js';
import { statelessRefusal } from './profile-rules.js';
import { readJsonBody } from './read-json-body.js';
import type { ServerState } from './server-state.js';

const MAX_ITEMS_PER_CALL = 20;

function parseMetadata(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw invalidRequest(`Invalid 'metadata': expected an object of string values.`, 'metadata', 'invalid_type');
  }
  if (Object.keys(value).length > 16) {
    throw invalidRequest(`Invalid 'metadata': expected an object with at most 16 properties.`, 'metadata', 'object_above_max_properties');
  }
  return value as Record<string, string>;
}

function parseItems(state: ServerState, value: unknown, required: boolean) {
  if (value === undefined || value === null) {
    if (required) throw invalidRequest(`Missing required parameter: 'items'.`, 'items', 'missing_required_parameter');
    return [];
  }
  if (!Array.isArray(value)) {
    throw invalidRequest(`Invalid type for 'items': expected an array, but got ${describeJsonType(value)} instead.`, 'items', 'invalid_type');
  }
  if (value.length > MAX_ITEMS_PER_CALL) {
    throw invalidRequest(`Invalid 'items': array too long. Expected an array with maximum length 20, but got an array with length ${value.length} instead.`, 'items', 'array_above_max_length');
  }
  const normalised = normaliseInput(value, state.ids, (id) => state.responses.findItem(id) ?? state.conversations.findItem(id));
  return normalised.stored.map((item) => ({ ...item }));
}

/** Mount the Conversations API subset (PROTOCOL.md §9) for one route flavour. */
export function mountConversationRoutes(app: Hono<AppEnv>, state: ServerState, flavor: RouteFlavor): void {
  const p = `${flavor.prefix}/conversations`;
  const find = (id: string): StoredConversation => {
    const conversation = state.conversations.get(id);
    if (conversation === undefined) throw notFound(`Conversation with id '${id}' not found.`);
    return conversation;
  };
  if (flavor.stateless) {
    app.all(`${p}/*`, () => {
      throw statelessRefusal('The Conversations API');
    });
    app.all(p, () => {
      throw statelessRefusal('The Conversations API');
    });
    return;
  }

  app.post(p, async (c) => {
    const body = await readJsonBody(c, state.maxBodyBytes, {});
    if (!isRecord(body)) throw invalidRequest('Invalid body: expected a JSON object.', null, 'invalid_type');
    const metadata = parseMetadata(body['metadata']);
    const items = parseItems(state, body['items'], false);
    return sendJson(c, toWireConversation(state.conversations.create(state.ids.next('conversation'), metadata, items)));
  });

  app.get(`${p}/:id`, (c) => sendJson(c, toWireConversation(find(c.req.param('id')))));

  app.post(`${p}/:id`, async (c) => {
    const conversation = find(c.req.param('id'));
    const body = await readJsonBody(c, state.maxBodyBytes, {});
    if (!isRecord(body) || body['metadata'] === undefined) {
      throw invalidRequest(`Missing required parameter: 'metadata'.`, 'metadata', 'missing_required_parameter');
    }
    conversation.metadata = parseMetadata(body['metadata']);
    return sendJson(c, toWireConversation(conversation));
  });

  app.delete(`${p}/:id`, (c) => {
    const id = c.req.param('id');
    find(id);
    state.conversations.delete(id);
    return sendJson(c, { id, object: 'conversation.deleted', deleted: true });
  });

  app.post(`${p}/:id/items`, async (c) => {
    const conversation = find(c.req.param('id'));
    const body = await readJsonBody(c, state.maxBodyBytes);
    const items = parseItems(state, isRecord(body) ? body['items'] : body, true);
    conversation.items.push(...items);
    return sendJson(c, {
      object: 'list',
      data: items,
      first_id: items[0]?.id ?? null,
      last_id: items[items.length - 1]?.id ?? null,
      has_more: false,
    });
  });

  app.get(`${p}/:id/items`, (c) => {
    const conversation = find(c.req.param('id'));
    return sendJson(c, paginate(conversation.items, parsePageQuery((name) => c.req.query(name))));
  });

  app.get(`${p}/:id/items/:itemId`, (c) => {
    const conversation = find(c.req.param('id'));
    const itemId = c.req.param('itemId');
    const item = conversation.items.find((i) => i.id === itemId);
    if (item === undefined) throw notFound(`Item with id '${itemId}' not found in conversation '${conversation.id}'.`);
    return sendJson(c, item);
  });

  app.delete(`${p}/:id/items/:itemId`, (c) => {
    const conversation = find(c.req.param('id'));
    const itemId = c.req.param('itemId');
    const index = conversation.items.findIndex((i) => i.id === itemId);
    if (index === -1) throw notFound(`Item with id '${itemId}' not found in conversation '${conversation.id}'.`);
    conversation.items.splice(index, 1);
    return sendJson(c, toWireConversation(conversation));
  });
}
