import type { Obfuscated, WireEventBody, WireEventOf } from '../wire/types.js';

/** How frames are written: mantle puts `data:` first; some servers leave `sequence_number` out. */
export interface FrameStyle {
  readonly dataFirst: boolean;
  readonly omitSequenceNumber: boolean;
  /** Write the Response's `created_at` as a float (`1784324967.0`), as Bedrock mantle GPT-OSS does. */
  readonly floatCreatedAt: boolean;
}

const CREATED_AT = /"created_at":(\d+)([,}])/;

/** Write the first `created_at` (the Response's own) as a float literal. */
export function floatCreatedAt(json: string): string {
  return json.replace(CREATED_AT, '"created_at":$1.0$2');
}

/**
 * JSON of a text delta written directly (the most frequent event); same keys, same order, same
 * escaping as `JSON.stringify`, without the generic serialiser's cost.
 */
function textDeltaJson(event: WireEventOf<'response.output_text.delta'> & Obfuscated, seq: number, style: FrameStyle): string {
  const pad = event.obfuscation === undefined ? '' : `,"obfuscation":${JSON.stringify(event.obfuscation)}`;
  const tail = style.omitSequenceNumber ? '}' : `,"sequence_number":${seq}}`;
  return `{"type":"response.output_text.delta","content_index":${event.content_index},"delta":${JSON.stringify(event.delta)},"item_id":${JSON.stringify(event.item_id)},"logprobs":[]${pad},"output_index":${event.output_index}${tail}`;
}

/** JSON of one event with its `sequence_number` appended (or left out). */
export function eventJson(event: WireEventBody, seq: number, style: FrameStyle): string {
  if (event.type === 'response.output_text.delta' && event.logprobs.length === 0) return textDeltaJson(event, seq, style);
  let json = JSON.stringify(event);
  if (style.floatCreatedAt && 'response' in event) json = floatCreatedAt(json);
  return style.omitSequenceNumber ? json : `${json.slice(0, -1)},"sequence_number":${seq}}`;
}

/** One SSE frame: `event: <type>\ndata: <json>\n\n` (or data first). */
export function encodeFrame(event: WireEventBody, seq: number, style: FrameStyle): string {
  const json = eventJson(event, seq, style);
  return style.dataFirst ? `data: ${json}\nevent: ${event.type}\n\n` : `event: ${event.type}\ndata: ${json}\n\n`;
}

/** A frame whose data is cut mid-JSON, so a client's parser fails on it. */
export function encodeMalformedFrame(event: WireEventBody, seq: number, style: FrameStyle): string {
  const json = `{"type":"${event.type}","sequence_number":${seq},"delta":"`;
  return style.dataFirst ? `data: ${json}\nevent: ${event.type}\n\n` : `event: ${event.type}\ndata: ${json}\n\n`;
}

/** Encode events `from` (inclusive) on, honouring a malformed-frame fault at `malformedAt`. */
export function encodeFrames(
  events: readonly WireEventBody[],
  style: FrameStyle,
  malformedAt: number | undefined,
  from = 0,
): string[] {
  const frames: string[] = [];
  for (let seq = from; seq < events.length; seq++) {
    const event = events[seq] as WireEventBody;
    frames.push(seq === malformedAt ? encodeMalformedFrame(event, seq, style) : encodeFrame(event, seq, style));
  }
  return frames;
}
