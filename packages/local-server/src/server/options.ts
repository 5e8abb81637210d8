import type { Clock } from '../internal/clock.js';
import type { IdSource } from '../internal/ids.js';
import type { Script } from '../model/index.js';
import type { FaultSpec, Model } from '../model/types.js';
import type { Profile } from './profile.js';

/** Options of {@link createLocalServerApp} and {@link startLocalServer}. */
export interface LocalServerAppOptions {
  /** Which service to imitate; decides the route prefix and wire details. Default `openai`. */
  readonly profile?: Profile | undefined;
  /** Script for the built-in scripted model (ignored when `model` is given). */
  readonly script?: Script | undefined;
  /** A model of your own instead of the scripted one. */
  readonly model?: Model | undefined;
  /** Programmatic faults to start with: one spec = standing (`set`), an array = queued (`push`). */
  readonly faults?: FaultSpec | readonly FaultSpec[] | undefined;
  /** Require `Authorization: Bearer <apiKey>`; wrong or missing → 401. */
  readonly apiKey?: string | undefined;
  /** Time source (epoch ms). Default: the wall clock. */
  readonly clock?: Clock | undefined;
  /** Id source. Default: seeded ids shaped like the profile's. */
  readonly ids?: IdSource | undefined;
  /** Seed for ids and padding; the same seed, clock and requests give byte-identical output. Default: random. */
  readonly seed?: number | string | undefined;
  /** Most stored responses (oldest evicted first). Default 10,000. */
  readonly maxStored?: number | undefined;
  /** Stored responses older than this are gone. Default 30 days. */
  readonly maxAgeMs?: number | undefined;
  /** Largest accepted request body; bigger → 413. Default 16 MiB. */
  readonly maxBodyBytes?: number | undefined;
}

/** Options of {@link startLocalServer}: the app's, plus where to listen. */
export interface LocalServerOptions extends LocalServerAppOptions {
  /** Port; 0 (default) picks a free one. */
  readonly port?: number | undefined;
  /** Interface to bind. Default `127.0.0.1`. */
  readonly host?: string | undefined;
}

/** Default limits. */
export const DEFAULTS = {
  profile: 'openai',
  maxStored: 10_000,
  maxAgeMs: 30 * 24 * 60 * 60 * 1000,
  maxBodyBytes: 16 * 1024 * 1024,
  host: '127.0.0.1',
} as const;
