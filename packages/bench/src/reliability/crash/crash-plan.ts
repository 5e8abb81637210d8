/**
 * What each crash cycle does, drawn from the suite's seed: the kind of work that is killed, the
 * point it is killed at, and the SQLite file it writes to. The same seed gives the same plan.
 */

/** The work a cycle's first child is doing when it is killed. */
export type CrashKind = 'stream' | 'background-stream' | 'background-poll' | 'workflow';

/**
 * Where in the turn the kill lands. The child announces each point on stdout and (for the points
 * that are otherwise too short to hit) pauses there, so kills spread over the whole turn:
 *
 * - `start`: right after the child calls `send` — before the turn is stored or the request sent.
 * - `stored`: the turn is stored (pending) but its request has not been sent.
 * - `streaming`: the response is being produced (stream events or background progress arrive).
 * - `completing`: the response has ended; the turn is about to be completed.
 * - `head`: the turn is completed; the head is about to move. Stream and blocking turns complete
 *   and move the head in one write, so there the kill lands once the work has finished.
 * - `saving`: the turn is stored and the head moved; the conversation has not yet saved the state
 *   it rests in after the turn.
 */
export type KillPhase = 'start' | 'stored' | 'streaming' | 'completing' | 'head' | 'saving';

/** One cycle of the plan. */
export interface CrashCycle {
  readonly index: number;
  readonly kind: CrashKind;
  readonly phase: KillPhase;
  /** How long after the phase's announcement the child is killed. */
  readonly killDelayMs: number;
  /** Which announcement of the phase counts: 1 aims at a workflow's second model step. */
  readonly occurrence: number;
  /** Database file number: cycles sharing a number share the file. */
  readonly database: number;
}

/** How long the child pauses at a point it announces (`stored`, before completing, before the head). */
export const PAUSE_MS = 150;
/** How long a scripted stream takes, roughly (words × delay between events). */
export const STREAM_MS = 480;

const kinds: readonly CrashKind[] = ['stream', 'background-stream', 'background-poll', 'workflow'];
const phases: readonly KillPhase[] = [
  'start',
  'stored',
  'streaming',
  'completing',
  'head',
  'saving',
];

/** The latest kill delay of each phase: inside the window the phase opens. */
const windowMs: Readonly<Record<KillPhase, number>> = {
  start: 40,
  stored: PAUSE_MS - 10,
  streaming: STREAM_MS,
  completing: PAUSE_MS - 10,
  head: PAUSE_MS - 10,
  saving: PAUSE_MS - 10,
};

/** mulberry32: a small, fast PRNG whose whole state is one 32-bit number. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` cycles from `seed`. Kinds and phases go round in turn (shuffled by the seed within each
 * round) so even a short run meets every kind and every phase; delays and files are random.
 */
export function planCrashCycles(count: number, seed: number): CrashCycle[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const shuffled = <T>(items: readonly T[]): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  };
  let kindRound: CrashKind[] = [];
  let phaseRound: KillPhase[] = [];
  const cycles: CrashCycle[] = [];
  for (let index = 0; index < count; index++) {
    if (kindRound.length === 0) kindRound = shuffled(kinds);
    if (phaseRound.length === 0) phaseRound = shuffled(phases);
    const kind = kindRound.pop() as CrashKind;
    const phase = phaseRound.pop() as KillPhase;
    cycles.push({
      index,
      kind,
      phase,
      killDelayMs: Math.round(random() * windowMs[phase]),
      // A workflow has two model steps: the kill lands in either.
      occurrence: kind === 'workflow' && phase !== 'start' && random() < 0.5 ? 1 : 0,
      // About half the cycles write to a file earlier cycles used.
      database: index === 0 || random() < 0.5 ? index : pick(cycles).database,
    });
  }
  return cycles;
}
