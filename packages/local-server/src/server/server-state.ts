import type { FaultRegistry } from '../faults/fault-registry.js';
import type { FaultResolver } from '../faults/resolve-faults.js';
import type { Clock } from '../internal/clock.js';
import type { IdSource } from '../internal/ids.js';
import type { Prng } from '../internal/prng.js';
import type { Model } from '../model/types.js';
import type { SchemaCompiler } from '../request/schema-compiler.js';
import type { ConversationStore } from '../store/conversation-store.js';
import type { ResponseStore } from '../store/response-store.js';
import type { Profile } from './profile.js';

/** Everything the routes share: the model, stores, faults and injected services. */
export interface ServerState {
  readonly profile: Profile;
  readonly model: Model;
  readonly clock: Clock;
  readonly ids: IdSource;
  /** Randomness for padding and opaque blobs (seeded, so streams are reproducible). */
  readonly noise: Prng;
  /** Request ids for `x-request-id` (kept apart from `ids` so they do not shift response ids). */
  readonly requestIds: IdSource;
  readonly responses: ResponseStore;
  readonly conversations: ConversationStore;
  readonly faults: FaultRegistry;
  readonly resolver: FaultResolver;
  readonly schemas: SchemaCompiler;
  readonly apiKey: string | undefined;
  readonly maxBodyBytes: number;
}
