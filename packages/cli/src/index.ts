/**
 * `@weft/cli`: the `weft` command. The executable is `weft` (`dist/bin.js`); this entry exposes the
 * program for embedding and tests.
 *
 * @module
 */
export { createProgram, main } from './program.js';
export { ExitCode, UsageError, CliFailure } from './errors.js';
export {
  resolveDbPath,
  resolveEndpoint,
  detectEndpoint,
  type Endpoint,
  type GlobalOptions,
} from './context.js';
