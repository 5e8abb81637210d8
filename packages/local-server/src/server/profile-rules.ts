import { invalidRequest } from '../internal/api-error.js';
import type { CreateRequest } from '../request/parse-create-request.js';
import type { RouteFlavor } from './profile.js';

/** The 400 bedrock-runtime gives for server-side state it does not keep. */
export function statelessRefusal(what: string, param: string | null = null) {
  return invalidRequest(
    `${what} is not supported on bedrock-runtime: it runs Responses calls synchronously and keeps no server-side state. Send the full conversation as input, or use the bedrock-mantle endpoint.`,
    param,
    'unsupported_parameter',
  );
}

/** Check a create request against what the route allows and what the server can do. */
export function checkCreateRules(request: CreateRequest, flavor: RouteFlavor): void {
  if (flavor.stateless) {
    if (request.background) throw statelessRefusal('Background mode (background: true)', 'background');
    if (request.previousResponseId !== null) throw statelessRefusal('previous_response_id', 'previous_response_id');
    if (request.conversationId !== null) throw statelessRefusal('The Conversations API (conversation)', 'conversation');
  }
  if (request.previousResponseId !== null && request.conversationId !== null) {
    throw invalidRequest(
      "Mutually exclusive parameters: Ensure you are only providing one of: 'previous_response_id' or 'conversation'.",
      null,
      'mutually_exclusive_parameters',
    );
  }
  if (request.background && !request.store) {
    throw invalidRequest('Background mode requires store=true; send store: true (the default) with background: true.', 'store', 'invalid_value');
  }
}
