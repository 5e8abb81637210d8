/**
 * The AWS regions that serve the Responses API, per Bedrock endpoint.
 *
 * @module
 */
import { UnknownRegion } from './errors.js';

/** Which Bedrock endpoint family a client talks to. */
export type BedrockEndpoint = 'mantle' | 'runtime';

/**
 * Regions of `bedrock-mantle.<region>.api.aws`. The first twelve are the list of the Bedrock user
 * guide page "bedrock-mantle" as first published; `ap-southeast-2` (Sydney) is listed by a newer copy
 * of the same page and by the "Regional availability by endpoints" table, so it is included.
 *
 * @since 0.1.0
 */
export const MANTLE_REGIONS = [
  'us-east-2',
  'us-east-1',
  'us-west-2',
  'ap-southeast-3',
  'ap-south-1',
  'ap-northeast-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-south-1',
  'eu-north-1',
  'sa-east-1',
  'ap-southeast-2',
] as const;

/**
 * Regions of `bedrock-runtime.<region>.amazonaws.com` (commercial partition): every region where
 * Amazon Bedrock is offered, per the "Regional availability by endpoints" table of the user guide.
 * Model availability still differs per region; GovCloud and China use other hosts and are not listed.
 * For a region added after this list, pass `baseURL` (see `BedrockOptions.baseURL`).
 *
 * @since 0.1.0
 */
export const RUNTIME_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'ca-west-1',
  'sa-east-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'il-central-1',
  'me-central-1',
  'af-south-1',
] as const;

/** A region that serves bedrock-mantle. */
export type MantleRegion = (typeof MANTLE_REGIONS)[number];
/** A region that serves bedrock-runtime. */
export type RuntimeRegion = (typeof RUNTIME_REGIONS)[number];

/**
 * The regions that serve `endpoint`.
 *
 * @since 0.1.0
 * @example
 * ```ts
 * regionsOf('mantle').includes('eu-west-1'); // true
 * ```
 */
export function regionsOf(endpoint: BedrockEndpoint): readonly string[] {
  return endpoint === 'mantle' ? MANTLE_REGIONS : RUNTIME_REGIONS;
}

/**
 * Checks `region` against the endpoint's list and returns it normalised (trimmed, lower case).
 *
 * @throws UnknownRegion — when the endpoint does not serve `region`; the error lists the valid ones
 * @since 0.1.0
 * @example
 * ```ts
 * assertRegion('mantle', 'us-east-1'); // 'us-east-1'
 * assertRegion('mantle', 'us-west-1'); // throws UnknownRegion (runtime only)
 * ```
 */
export function assertRegion(endpoint: BedrockEndpoint, region: string): string {
  const normalised = region.trim().toLowerCase();
  const valid = regionsOf(endpoint);
  if (valid.includes(normalised)) return normalised;
  const other: BedrockEndpoint = endpoint === 'mantle' ? 'runtime' : 'mantle';
  return failRegion(
    endpoint,
    normalised,
    valid,
    regionsOf(other).includes(normalised) ? other : undefined,
  );
}

function failRegion(
  endpoint: BedrockEndpoint,
  region: string,
  valid: readonly string[],
  servedBy: BedrockEndpoint | undefined,
): never {
  throw new UnknownRegion({ region, endpoint, validRegions: [...valid], servedBy });
}
