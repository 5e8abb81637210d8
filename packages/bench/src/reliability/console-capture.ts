import { appendFileSync } from 'node:fs';
import { format } from 'node:util';

const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;

/**
 * Sends everything libraries print through `console` to `path` instead of the terminal (the SDK
 * logs stream parse failures there), so the secret scan reads it. Returns the undo.
 */
export function captureConsole(path: string): () => void {
  const saved = methods.map((method) => [method, console[method]] as const);
  for (const method of methods) {
    console[method] = (...args: unknown[]) =>
      appendFileSync(path, `[${method}] ${format(...args)}\n`);
  }
  return () => {
    for (const [method, original] of saved) console[method] = original;
  };
}
