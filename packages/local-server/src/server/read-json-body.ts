import { ApiError, invalidRequest } from '../internal/api-error.js';
import { type AppContext, header } from './http.js';

const NOT_JSON =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)";

function tooLarge(limit: number): ApiError {
  return new ApiError(413, `Request body too large: the limit is ${limit} bytes.`, 'invalid_request_error', null, 'request_too_large');
}

async function readLimited(c: AppContext, limit: number): Promise<string> {
  const declared = header(c, 'content-length');
  if (declared !== undefined) {
    if (Number(declared) > limit) throw tooLarge(limit);
    return c.req.text();
  }
  const body = c.req.raw.body;
  if (body === null) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Read and parse a JSON body: 413 over `limit` bytes, 400 when it is not JSON. Empty = `emptyValue`. */
export async function readJsonBody(c: AppContext, limit: number, emptyValue?: unknown): Promise<unknown> {
  const text = await readLimited(c, limit);
  if (text.trim() === '' && emptyValue !== undefined) return emptyValue;
  try {
    return JSON.parse(text);
  } catch {
    throw invalidRequest(NOT_JSON);
  }
}
