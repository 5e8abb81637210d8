/**
 * AWS credentials, as the AWS SDK shapes them, and where Weft gets them: given, the environment, or
 * the default provider chain of `@aws-sdk/credential-providers` (loaded on first use).
 *
 * @module
 */

/** AWS credentials (structurally the AWS SDK's `AwsCredentialIdentity`). */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
  /** When temporary credentials stop working. */
  readonly expiration?: Date | undefined;
}

/** A function that returns current credentials (every AWS SDK credential provider is one). */
export type AwsCredentialsProvider = () => Promise<AwsCredentials>;

/** Credentials, or a provider of them. */
export type CredentialSource = AwsCredentials | AwsCredentialsProvider;

/** A provider for any credential source. */
export function toCredentialsProvider(source: CredentialSource): AwsCredentialsProvider {
  if (typeof source === 'function') return source;
  return () => Promise.resolve(source);
}

/**
 * Static credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` in
 * `env`, or `undefined` when the pair is incomplete.
 */
export function credentialsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): AwsCredentials | undefined {
  const accessKeyId = env['AWS_ACCESS_KEY_ID']?.trim();
  const secretAccessKey = env['AWS_SECRET_ACCESS_KEY']?.trim();
  if (!accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = env['AWS_SESSION_TOKEN']?.trim();
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/**
 * The AWS SDK's default Node.js chain (environment, SSO, shared config and credentials files with
 * `AWS_PROFILE`, `credential_process`, web identity, ECS and EC2 metadata). It is imported and
 * asked only when a token is first needed, and it memoises and refreshes credentials itself.
 */
export function defaultCredentialChain(): AwsCredentialsProvider {
  let provider: AwsCredentialsProvider | undefined;
  return async () => {
    if (provider === undefined) {
      const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
      provider = fromNodeProviderChain() as AwsCredentialsProvider;
    }
    return provider();
  };
}
