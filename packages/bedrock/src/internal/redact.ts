/**
 * Removes keys and tokens from texts that may come from a server or a credential provider.
 *
 * @module
 */

const tokenShapes: readonly RegExp[] = [
  /\bBearer\s+[^\s"',]+/gi,
  /\bbedrock-api-key-[A-Za-z0-9+/=_-]+/g,
  /\bABSK[A-Za-z0-9+/=]{20,}/g,
  /\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b/g,
];

/** `text` without any of `secrets` (exact strings of 4+ characters) or anything shaped like a Bedrock token. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  for (const shape of tokenShapes) out = out.replace(shape, '[redacted]');
  return out;
}
