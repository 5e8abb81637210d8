import { styleText } from 'node:util';

/** A style `node:util` `styleText` understands. */
export type Style = Parameters<typeof styleText>[0];

/**
 * Whether to colour a stream: only a TTY, never with `NO_COLOR` set (to anything non-empty), never
 * on a `dumb` terminal, never when colour was turned off on the command line.
 */
export function colourEnabled(
  stream: { readonly isTTY?: boolean | undefined },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (disabled) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}

let disabled = false;

/** Turns colour off for the rest of the process (`--no-color`). */
export function disableColour(): void {
  disabled = true;
}

/** A painter bound to one stream: styles text when that stream gets colour, else returns it as is. */
export interface Painter {
  readonly enabled: boolean;
  (style: Style, text: string): string;
}

/** Makes a {@link Painter} for `stream`. */
export function painter(stream: { readonly isTTY?: boolean | undefined }): Painter {
  const enabled = colourEnabled(stream);
  const paint = (style: Style, text: string): string =>
    enabled ? styleText(style, text, { validateStream: false }) : text;
  return Object.assign(paint, { enabled });
}

/** Paints for standard output. */
export const out = (): Painter => painter(process.stdout);
/** Paints for standard error. */
export const err = (): Painter => painter(process.stderr);
