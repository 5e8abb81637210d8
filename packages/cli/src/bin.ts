#!/usr/bin/env node
/**
 * The `weft` executable.
 *
 * @module
 */
import module from 'node:module';

// Compiled code is cached on disk (Node ≥ 22.1), so later starts skip most parsing; must run
// before the program's modules load.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const { main } = await import('./program.js');

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
