import { colourEnabled } from './colour.js';

/** Progress of a long operation. */
export interface Progress {
  /** Replaces the message. */
  update(message: string): void;
  /** Stops and clears the line. */
  stop(): void;
}

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Shows `message` with a spinner on standard error while `work` runs — only when standard error is
 * a TTY; elsewhere nothing is drawn, so logs and pipes stay clean.
 */
export function startProgress(
  message: string,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (stream.isTTY !== true) return { update: () => undefined, stop: () => undefined };
  const dim = colourEnabled(stream);
  let text = message;
  let i = 0;
  const draw = (): void => {
    const frame = frames[i++ % frames.length] ?? '-';
    stream.write(`\r\u001b[2K${dim ? `\u001b[36m${frame}\u001b[39m` : frame} ${text}`);
  };
  draw();
  const timer = setInterval(draw, 80);
  timer.unref();
  return {
    update: (next) => {
      text = next;
      draw();
    },
    stop: () => {
      clearInterval(timer);
      stream.write('\r\u001b[2K');
    },
  };
}

/** Runs `work` with a {@link startProgress} spinner, stopping it however `work` ends. */
export async function withProgress<T>(
  message: string,
  work: (progress: Progress) => Promise<T>,
): Promise<T> {
  const progress = startProgress(message);
  try {
    return await work(progress);
  } finally {
    progress.stop();
  }
}
