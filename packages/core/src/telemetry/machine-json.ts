/**
 * The conversation machine's definition as JSON, for Stately's visualiser.
 *
 * @module
 */
import { conversationMachine } from '../machine/conversation-machine.js';

/**
 * The conversation machine's definition (states, transitions, invoked actors, delays) as plain
 * JSON. Paste it into https://stately.ai/viz, or diff it in a test to see when the machine changes.
 * For a live view of transitions, pass `inspect` to `createWeft` (XState's inspection API).
 *
 * @since 0.1.0
 * @see docs/observability.md
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('conversation-machine.json', JSON.stringify(conversationMachineJSON(), null, 2));
 * ```
 */
export function conversationMachineJSON(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(conversationMachine.toJSON())) as Record<string, unknown>;
}
