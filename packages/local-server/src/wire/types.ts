/**
 * Wire types: the SDK's own types, adjusted only where the real service sends something the SDK
 * types do not describe (null `usage` before the end, `user: null`, the nested `error` event).
 * Building every body against these makes the compiler check it against the SDK.
 */
import type * as Sdk from 'openai/resources/responses/responses';

/** A Response object as the server sends it (`output_text` and `access_programs` are SDK-side only). */
export type WireResponse = Omit<Sdk.Response, 'output_text' | 'access_programs' | 'usage' | 'user' | 'error'> & {
  usage: Sdk.ResponseUsage | null;
  user: string | null;
  /** Real streams carry codes outside the SDK's enum (`insufficient_quota`), so the code is any string. */
  error: WireResponseError | null;
  /** Sent by OpenAI, absent from the SDK type. */
  frequency_penalty: number;
  presence_penalty: number;
  store: boolean;
};

/** `Response.error`: `{code, message}` (no `type`/`param` here). */
export interface WireResponseError {
  code: string;
  message: string;
}

/** Output items the server produces. */
export type WireOutputItem = Sdk.ResponseOutputMessage | Sdk.ResponseFunctionToolCall | Sdk.ResponseReasoningItem;

/** The nested `error` event first-party servers send (PROTOCOL.md §6), then `response.failed`. */
export interface WireErrorEvent {
  type: 'error';
  sequence_number: number;
  error: { type: string; code: string | null; message: string; param: string | null };
}

type WithWireResponse<E> = E extends { response: Sdk.Response } ? Omit<E, 'response'> & { response: WireResponse } : E;

/** Every stream event the server may send. */
export type WireStreamEvent = WithWireResponse<Exclude<Sdk.ResponseStreamEvent, Sdk.ResponseErrorEvent>> | WireErrorEvent;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event before the server numbers it; `sequence_number` is its index in the stream. */
export type WireEventBody = DistributiveOmit<WireStreamEvent, 'sequence_number'>;

/** The event body of one `type`. */
export type WireEventOf<T extends WireEventBody['type']> = Extract<WireEventBody, { type: T }>;

/** Deltas may carry random `obfuscation` padding (OpenAI) or `""` (mantle). */
export interface Obfuscated {
  obfuscation?: string;
}

/** The usage block of a finished response. */
export type WireUsage = Sdk.ResponseUsage;
