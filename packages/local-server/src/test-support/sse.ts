/** Test helpers: parse raw SSE text (either field order) and read fixtures. Not part of the package API. */
import { readFileSync } from 'node:fs';

/** One parsed SSE frame. */
export interface ParsedFrame {
  readonly event: string | undefined;
  readonly data: Record<string, unknown>;
  /** Whether `data:` came before `event:` (mantle framing). */
  readonly dataFirst: boolean;
}

/** Parse an SSE body into frames; `data` lines are joined and parsed as JSON. */
export function parseSse(text: string): ParsedFrame[] {
  const frames: ParsedFrame[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    if (block.trim() === '') continue;
    let event: string | undefined;
    const data: string[] = [];
    let dataFirst = false;
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') {
        if (event === undefined && data.length === 0) dataFirst = true;
        data.push(value);
      }
    }
    frames.push({ event, data: JSON.parse(data.join('\n')) as Record<string, unknown>, dataFirst });
  }
  return frames;
}

/** The shared fixtures folder (`/work/shared/fixtures` beside the repository). */
export const FIXTURES = new URL('../../../../../shared/fixtures/', import.meta.url);

/** Read and parse a recorded `.sse` fixture. */
export function readFixtureSse(name: string): ParsedFrame[] {
  return parseSse(readFileSync(new URL(name, FIXTURES), 'utf8'));
}

/** Read a recorded `.json` fixture. */
export function readFixtureJson(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, unknown>;
}
