import { InvalidFaultSpec } from '../faults/validate-fault-spec.js';
import { mergeFaults } from '../faults/resolve-faults.js';
import { ApiError, invalidRequest, notFound, previousResponseNotFound } from '../internal/api-error.js';
import { sleep } from '../internal/sleep.js';
import type { ContextItem, FaultSpec, ModelInput, ModelReply } from '../model/types.js';
import { type CreateRequest, parseCreateRequest } from '../request/parse-create-request.js';
import { isRecord } from '../request/json-type.js';
import { checkPendingCalls, checkToolOutputs, normaliseInput, type NormalisedInput } from '../request/normalise-input.js';
import { toContextItem } from '../request/stored-item.js';
import { isActive } from '../store/stored-response.js';
import { faultError } from './fault-errors.js';
import { type AppContext, header } from './http.js';
import type { RouteFlavor } from './profile.js';
import { checkCreateRules } from './profile-rules.js';
import { readJsonBody } from './read-json-body.js';
import type { ServerState } from './server-state.js';

/** A create request after validation, context assembly and the model's answer. */
export interface PreparedCreate {
  readonly request: CreateRequest;
  readonly input: NormalisedInput;
  readonly context: readonly ContextItem[];
  readonly reply: ModelReply;
  /** Programmatic, rule and header faults merged (header wins). */
  readonly fault: FaultSpec;
}

function readFaults(c: AppContext, state: ServerState) {
  try {
    return state.resolver.forRequest((name) => header(c, name));
  } catch (error) {
    if (error instanceof InvalidFaultSpec) throw invalidRequest(error.message, null, 'invalid_fault');
    throw error;
  }
}

async function failFast(fault: FaultSpec | undefined, model: string): Promise<void> {
  const error = faultError(fault, model);
  if (error === undefined) return;
  await sleep(fault?.delayFirstMs ?? 0);
  throw error;
}

function toModelInput(request: CreateRequest, context: readonly ContextItem[], input: readonly ContextItem[]): ModelInput {
  const reasoning = request.reasoning;
  return {
    model: request.model,
    instructions: request.instructions,
    context,
    input,
    tools: request.functionTools,
    toolChoice: request.toolChoice,
    parallelToolCalls: request.parallelToolCalls,
    textFormat: request.textFormat,
    reasoning:
      reasoning === null
        ? null
        : {
            ...(reasoning.effort !== null ? { effort: reasoning.effort } : {}),
            ...(reasoning.summary !== null ? { summary: reasoning.summary } : {}),
          },
    maxOutputTokens: request.maxOutputTokens,
    metadata: request.metadata,
  };
}

function priorContext(state: ServerState, request: CreateRequest): { prior: readonly ContextItem[]; pending: readonly ContextItem[] } {
  if (request.previousResponseId !== null) {
    const previous = state.responses.get(request.previousResponseId);
    if (previous === undefined || !previous.stored) throw previousResponseNotFound(request.previousResponseId);
    if (isActive(previous)) {
      throw invalidRequest(
        `Previous response with id '${request.previousResponseId}' is still ${previous.status}; wait until it finishes.`,
        'previous_response_id',
        null,
      );
    }
    const output = previous.response.output.map((item) => toContextItem(item as unknown as Record<string, unknown>));
    return { prior: [...previous.context, ...output], pending: output };
  }
  if (request.conversationId !== null) {
    const conversation = state.conversations.get(request.conversationId);
    if (conversation === undefined) throw notFound(`Conversation with id '${request.conversationId}' not found.`, 'conversation');
    return { prior: conversation.items.map(toContextItem), pending: [] };
  }
  return { prior: [], pending: [] };
}

/** Validate a create request, apply early faults, build the context and ask the model. */
export async function prepareCreate(c: AppContext, state: ServerState, flavor: RouteFlavor): Promise<PreparedCreate> {
  const body = await readJsonBody(c, state.maxBodyBytes);
  const faults = readFaults(c, state);
  const early = mergeFaults(faults.programmatic, faults.header);
  const rawModel = isRecord(body) && typeof body['model'] === 'string' ? body['model'] : '';
  await failFast(early, rawModel);

  const request = parseCreateRequest(body, state.schemas);
  checkCreateRules(request, flavor);
  if (early?.forgetPrevious === true && request.previousResponseId !== null) state.responses.delete(request.previousResponseId);

  const { prior, pending } = priorContext(state, request);
  const input = normaliseInput(request.input, state.ids, (id) => state.responses.findItem(id) ?? state.conversations.findItem(id));
  const context = [...prior, ...input.context];
  checkToolOutputs(context);
  checkPendingCalls(pending, input.context);

  let reply: ModelReply;
  try {
    reply = state.model.respond(toModelInput(request, context, input.context));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ApiError(500, `The local model failed: ${message}`, 'server_error', null, 'server_error');
  }
  const rule = reply.faults !== undefined && state.resolver.ruleApplies(reply.faults) ? reply.faults : undefined;
  const fault = mergeFaults(faults.programmatic, rule, faults.header) ?? {};
  if (rule !== undefined) {
    await failFast(fault, request.model);
    if (rule.forgetPrevious === true && request.previousResponseId !== null) {
      state.responses.delete(request.previousResponseId);
      throw previousResponseNotFound(request.previousResponseId);
    }
  }
  await sleep(fault.delayFirstMs ?? 0);
  return { request, input, context, reply, fault };
}
