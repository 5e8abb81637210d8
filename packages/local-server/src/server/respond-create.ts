import { startBackground } from '../background/background-runner.js';
import type { FaultSpec } from '../model/types.js';
import type { StoredItem } from '../request/stored-item.js';
import { type FrameStyle, encodeFrames, floatCreatedAt } from '../sse/encode.js';
import { StoredResponse } from '../store/stored-response.js';
import { type GenerationInput, generateEvents, generateFinal } from '../wire/event-plan.js';
import { planItems } from '../wire/output-items.js';
import type { ResponseBase } from '../wire/response-snapshot.js';
import type { WireResponse } from '../wire/types.js';
import { type AppContext, dropConnection, sendJsonText, sendSse } from './http.js';
import { encryptedBlobFor, paddingFor } from './noise.js';
import type { PreparedCreate } from './prepare-create.js';
import type { RouteFlavor } from './profile.js';
import type { ServerState } from './server-state.js';
import { subscribe } from './subscribe.js';

const DEFAULT_FAILURE = { code: 'server_error', message: 'The server had an error while processing your request. Sorry about that!' };
const SLOW_STEP_MS = 50;

/** The frame style of a route with a request's framing faults applied. */
export function styleFor(flavor: RouteFlavor, fault: FaultSpec): FrameStyle {
  return {
    dataFirst: fault.dataFirst ?? flavor.style.dataFirst,
    omitSequenceNumber: fault.omitSequenceNumber ?? flavor.style.omitSequenceNumber,
    floatCreatedAt: flavor.style.floatCreatedAt,
  };
}

/** Serialise a stored Response for a route (mantle GPT-OSS writes a float `created_at`). */
export function responseJson(record: StoredResponse, style: FrameStyle): string {
  const json = record.responseJson();
  return style.floatCreatedAt ? floatCreatedAt(json) : json;
}

function appendToConversation(state: ServerState, conversationId: string | null, input: readonly StoredItem[], final: WireResponse): void {
  if (conversationId === null || (final.status !== 'completed' && final.status !== 'incomplete')) return;
  const conversation = state.conversations.get(conversationId);
  if (conversation === undefined) return;
  conversation.items.push(...input, ...(final.output as unknown as StoredItem[]));
}

/** Turn a prepared create request into its answer: blocking JSON, an SSE stream, or a background job. */
export function respondCreate(c: AppContext, state: ServerState, flavor: RouteFlavor, prepared: PreparedCreate): Response {
  const { request, reply, fault } = prepared;
  const now = state.clock.now();
  const base: ResponseBase = {
    id: state.ids.next('response'),
    createdAt: Math.floor(now / 1000),
    request,
    store: request.store && !flavor.stateless,
    conversationId: request.conversationId,
  };
  const items = planItems(reply.items, {
    ids: state.ids,
    reuseCallIds: fault.reuseCallIds ?? flavor.reuseCallIds,
    includeEncrypted: request.include.includes('reasoning.encrypted_content'),
    encryptedBlob: encryptedBlobFor(flavor, state.noise),
    emptyReasoningContent: flavor.emptyReasoningContent,
  });
  const background = request.background ? fault.background : undefined;
  const generation: GenerationInput = {
    base,
    items,
    status: background === 'incomplete' ? 'incomplete' : reply.status,
    usage: reply.usage,
    failWith: fault.failWith ?? (background === 'fail' ? DEFAULT_FAILURE : undefined),
    completedAt: Math.floor(now / 1000),
    pad: paddingFor(flavor, request.includeObfuscation, state.noise),
  };
  const style = styleFor(flavor, fault);
  const record = new StoredResponse({
    base,
    response: undefined,
    inputItems: prepared.input.stored,
    context: prepared.context,
    storedAtMs: now,
    stored: base.store,
    background: request.background,
  });
  const finish = (final: WireResponse): void => appendToConversation(state, request.conversationId, prepared.input.stored, final);

  if (request.background) {
    const { events } = generateEvents(generation);
    state.responses.put(record);
    const stepMs = fault.delayBetweenMs ?? (background === 'slow' ? SLOW_STEP_MS : 0);
    startBackground(record, events, { stepMs, stall: background === 'stall' }, finish);
    if (!request.stream) return sendJsonText(c, responseJson(record, style));
    const feed = subscribe(record, -1, style, fault.malformedAt);
    return sendSse(c, flavor.sseContentType, feed, { delayBetweenMs: 0, dropAfterEvents: fault.dropAfterEvents });
  }

  if (request.stream) {
    const { events, final } = generateEvents(generation);
    record.response = final;
    if (record.stored) {
      record.freeze();
      state.responses.put(record);
    }
    finish(final);
    const frames = encodeFrames(events, style, fault.malformedAt);
    return sendSse(c, flavor.sseContentType, frames, {
      delayBetweenMs: fault.delayBetweenMs ?? 0,
      dropAfterEvents: fault.dropAfterEvents,
    });
  }

  const final = generateFinal(generation);
  record.response = final;
  const canonical = JSON.stringify(final);
  if (record.stored) {
    record.freeze(canonical);
    state.responses.put(record);
  }
  finish(final);
  if (fault.dropAfterEvents !== undefined) return dropConnection(c);
  const json = style.floatCreatedAt ? floatCreatedAt(canonical) : canonical;
  return sendJsonText(c, fault.truncateBody === true ? json.slice(0, Math.floor(json.length / 2)) : json);
}
