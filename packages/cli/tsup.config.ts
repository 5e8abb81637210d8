import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm'],
  target: 'node22',
  // The CLI's tests build the bin only; declarations are for the published package.
  dts: process.env['WEFT_CLI_SKIP_DTS'] !== '1',
  sourcemap: true,
  clean: true,
});
