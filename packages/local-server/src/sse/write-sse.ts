import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { sleep } from '../internal/sleep.js';
import { FrameFeed } from './event-feed.js';

/** Timing faults applied while writing a stream. */
export interface StreamTiming {
  readonly delayBetweenMs: number;
  /** Cut the connection after this many frames. */
  readonly dropAfterEvents: number | undefined;
}

/** Frames known up front, or a live feed. */
export type FrameSource = readonly string[] | FrameFeed;

const NO_TIMING: StreamTiming = { delayBetweenMs: 0, dropAfterEvents: undefined };

/** Whether the frames can go out as one body, with no timing to honour. */
export function isImmediate(source: FrameSource, timing: StreamTiming = NO_TIMING): source is readonly string[] {
  return !(source instanceof FrameFeed) && timing.delayBetweenMs <= 0 && timing.dropAfterEvents === undefined;
}

/**
 * Write frames straight to Node's response, with delays and a connection drop when asked. Used for
 * live and timed streams over real HTTP, where a drop must really cut the socket.
 */
export async function writeToNode(
  outgoing: ServerResponse,
  headers: Readonly<Record<string, string>>,
  source: FrameSource,
  timing: StreamTiming,
): Promise<void> {
  outgoing.writeHead(200, headers);
  outgoing.flushHeaders();
  const feed = source instanceof FrameFeed ? source : undefined;
  outgoing.once('close', () => feed?.close());
  let written = 0;
  const drop = timing.dropAfterEvents;
  if (drop === 0) {
    setImmediate(() => outgoing.destroy());
    feed?.close();
    return;
  }
  for await (const frame of source) {
    if (outgoing.destroyed) break;
    if (written > 0 && timing.delayBetweenMs > 0) {
      await sleep(timing.delayBetweenMs);
      if (outgoing.destroyed) break;
    }
    written++;
    if (drop !== undefined && written >= drop) {
      await new Promise<void>((resolve) => outgoing.write(frame, () => resolve()));
      outgoing.destroy();
      feed?.close();
      return;
    }
    if (!outgoing.write(frame)) await Promise.race([once(outgoing, 'drain'), once(outgoing, 'close')]);
  }
  if (!outgoing.destroyed) outgoing.end();
}

/** The same stream as a web `Response`, for in-process use (`app.request`); a drop errors the body. */
export function webStreamResponse(
  headers: Readonly<Record<string, string>>,
  source: FrameSource,
  timing: StreamTiming,
): Response {
  const encoder = new TextEncoder();
  const feed = source instanceof FrameFeed ? source : undefined;
  const iterator: Iterator<string> | AsyncIterator<string> =
    source instanceof FrameFeed ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  let written = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (timing.dropAfterEvents !== undefined && written >= timing.dropAfterEvents) {
        feed?.close();
        controller.error(new Error('Connection dropped by an injected fault.'));
        return;
      }
      if (written > 0 && timing.delayBetweenMs > 0) await sleep(timing.delayBetweenMs);
      const next = await iterator.next();
      if (next.done === true) {
        controller.close();
        return;
      }
      written++;
      controller.enqueue(encoder.encode(next.value));
    },
    cancel() {
      feed?.close();
    },
  });
  return new Response(body, { status: 200, headers });
}
