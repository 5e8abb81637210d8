const WORDS = /\s*\S+|\s+$/g;
const JSON_PIECES = /[{}[\]:,"]+|[^{}[\]:,"]+/g;

/** Split text into word-sized deltas ("Hello", " world", "!"), joining back to the input. */
export function splitWords(text: string): string[] {
  return text.match(WORDS) ?? [];
}

/** Split JSON argument text into punctuation and value pieces (`{"`, `city`, `":"`, `Paris`, `"}`). */
export function splitJson(text: string): string[] {
  return text.match(JSON_PIECES) ?? [];
}
