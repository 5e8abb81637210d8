#!/usr/bin/env node
/**
 * The `weft` executable.
 *
 * @module
 */
import { main } from './program.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Whatever a library left open must not keep a finished command alive.
    setTimeout(() => process.exit(code), 500).unref();
  },
  (error: unknown) => {
    process.stderr.write(`weft: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
