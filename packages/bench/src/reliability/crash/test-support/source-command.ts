/** The child command tests use: registered child mains run from the TypeScript sources. */
import { fileURLToPath } from 'node:url';
import type { ChildCommand } from '../child-process.js';

const hooks = fileURLToPath(new URL('./ts-resolve-hooks.mjs', import.meta.url));
const entry = fileURLToPath(new URL('./source-child.ts', import.meta.url));

export const sourceChildCommand: ChildCommand = {
  execPath: process.execPath,
  argsFor: (name, arg) => [
    '--conditions=@weft/source',
    '--experimental-transform-types',
    '--no-warnings',
    '--import',
    hooks,
    entry,
    '--child',
    name,
    arg,
  ],
  // Caches compiled sources between children, so each starts faster than the first.
  env: {
    NODE_COMPILE_CACHE: fileURLToPath(
      new URL('../../../../node_modules/.cache/node-compile', import.meta.url),
    ),
  },
};
