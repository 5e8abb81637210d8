/**
 * Items and parameters as the Responses API defines them. Weft stores them as the wire has them so
 * that local context reconstruction is exact.
 */
import type {
  Response,
  ResponseCreateParamsBase,
  ResponseInputItem,
  ResponseOutputItem,
  ResponseUsage,
} from 'openai/resources/responses/responses';

/** An item sent as input (a message, a function call output, a replayed output item, …). */
export type InputItem = ResponseInputItem;

/** An item the model produced (message, reasoning, function call, hosted tool call, …). */
export type OutputItem = ResponseOutputItem;

/** Token usage of one response. */
export type Usage = ResponseUsage;

/** A Response object as the API returns it. */
export type ResponseObject = Response;

/**
 * The request parameters of a turn, without the parts that Weft's strategies decide
 * (`input`, `previous_response_id`, `conversation`, `stream`, `background`). Never holds credentials.
 */
export type TurnParams = Omit<
  ResponseCreateParamsBase,
  'input' | 'previous_response_id' | 'conversation' | 'stream' | 'background' | 'stream_options'
>;
