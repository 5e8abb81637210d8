import type { Hono } from 'hono';
import { InvalidFaultSpec } from '../faults/validate-fault-spec.js';
import { mergeFaults } from '../faults/resolve-faults.js';
import { invalidRequest, notFound } from '../internal/api-error.js';
import { paginate, parsePageQuery } from '../internal/pagination.js';
import { sleep } from '../internal/sleep.js';
import type { FaultSpec } from '../model/types.js';
import { type StoredResponse, isActive } from '../store/stored-response.js';
import { faultError } from './fault-errors.js';
import { type AppContext, header, type AppEnv, sendJson, sendJsonText, sendSse } from './http.js';
import { prepareCreate } from './prepare-create.js';
import type { RouteFlavor } from './profile.js';
import { statelessRefusal } from './profile-rules.js';
import { respondCreate, responseJson, styleFor } from './respond-create.js';
import type { ServerState } from './server-state.js';
import { subscribe } from './subscribe.js';

function findResponse(state: ServerState, id: string): StoredResponse {
  const record = state.responses.get(id);
  if (record === undefined || !record.stored) throw notFound(`Response with id '${id}' not found.`);
  return record;
}

async function requestFault(c: AppContext, state: ServerState): Promise<FaultSpec> {
  let faults;
  try {
    faults = state.resolver.forRequest((name) => header(c, name));
  } catch (error) {
    if (error instanceof InvalidFaultSpec) throw invalidRequest(error.message, null, 'invalid_fault');
    throw error;
  }
  const fault = mergeFaults(faults.programmatic, faults.header) ?? {};
  await sleep(fault.delayFirstMs ?? 0);
  const error = faultError(fault.unsupportedRoute === true ? { ...fault, unsupportedRoute: false } : fault, '');
  if (error !== undefined) throw error;
  return fault;
}

function parseStartingAfter(raw: string | undefined): number {
  if (raw === undefined || raw === '') return -1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw invalidRequest(`Invalid 'starting_after': expected a non-negative integer, but got '${raw}' instead.`, 'starting_after', 'invalid_value');
  }
  return n;
}

/** Mount `/responses` routes for one route flavour. */
export function mountResponseRoutes(app: Hono<AppEnv>, state: ServerState, flavor: RouteFlavor): void {
  const p = `${flavor.prefix}/responses`;
  const refuse = (what: string) => {
    if (flavor.stateless) throw statelessRefusal(what);
  };

  app.post(p, async (c) => respondCreate(c, state, flavor, await prepareCreate(c, state, flavor)));

  app.get(`${p}/:id`, async (c) => {
    refuse('Retrieving a response');
    const fault = await requestFault(c, state);
    const record = findResponse(state, c.req.param('id'));
    const style = styleFor(flavor, fault);
    if (c.req.query('stream') !== 'true') return sendJsonText(c, responseJson(record, style));
    if (record.events === undefined) {
      throw invalidRequest(
        `Response with id '${record.id}' cannot be streamed: only responses created with background: true keep their events.`,
        'stream',
        null,
      );
    }
    const after = parseStartingAfter(c.req.query('starting_after'));
    const feed = subscribe(record, after, style, fault.malformedAt);
    return sendSse(c, flavor.sseContentType, feed, { delayBetweenMs: fault.delayBetweenMs ?? 0, dropAfterEvents: fault.dropAfterEvents });
  });

  app.post(`${p}/:id/cancel`, async (c) => {
    refuse('Cancelling a response');
    const fault = await requestFault(c, state);
    const record = findResponse(state, c.req.param('id'));
    if (!record.background) {
      throw invalidRequest('Cannot cancel a synchronous response.', null, null);
    }
    if (isActive(record)) record.job?.cancel();
    return sendJsonText(c, responseJson(record, styleFor(flavor, fault)));
  });

  app.delete(`${p}/:id`, async (c) => {
    refuse('Deleting a response');
    await requestFault(c, state);
    const id = c.req.param('id');
    findResponse(state, id);
    state.responses.delete(id);
    return sendJson(c, { id, object: 'response', deleted: true });
  });

  app.get(`${p}/:id/input_items`, async (c) => {
    refuse('Listing input items');
    await requestFault(c, state);
    const record = findResponse(state, c.req.param('id'));
    return sendJson(c, paginate(record.inputItems, parsePageQuery((name) => c.req.query(name))));
  });
}
