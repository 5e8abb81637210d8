import type { ActorOptions, AnyActorLogic } from 'xstate';

/** Timers the machine uses for delays (XState's clock: `setTimeout`/`clearTimeout`). */
export type MachineTimers = NonNullable<ActorOptions<AnyActorLogic>['clock']>;
