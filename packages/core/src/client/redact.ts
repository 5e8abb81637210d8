/**
 * Keeps credentials out of error texts.
 *
 * @module
 */

/** Shapes of credentials that must never be repeated, even when a server echoes them. */
const credentialPatterns: readonly RegExp[] = [
  /\bBearer\s+(?=[^\s"',]*[0-9+/=_.-])[^\s"',]+/gi,
  /\bsk-[A-Za-z0-9_-]{6,}/g,
  /\bbedrock-api-key-[A-Za-z0-9+/=_-]+/g,
  /\bAKIA[A-Z0-9]{12,}\b/g,
];

/**
 * Removes every given secret and anything shaped like a bearer token or API key from `text`,
 * replacing it with `[redacted]`.
 *
 * @param text - a message that may come from a server
 * @param secrets - exact strings to remove (the configured API key); empty or short ones are ignored
 * @since 0.1.0
 * @example
 * ```ts
 * redactSecrets('bad key sk-abc123456', []); // 'bad key [redacted]'
 * ```
 */
export function redactSecrets(text: string, secrets: readonly string[] | undefined): string {
  let out = text;
  for (const secret of secrets ?? []) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  for (const pattern of credentialPatterns) out = out.replace(pattern, '[redacted]');
  return out;
}
