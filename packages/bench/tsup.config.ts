import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', reliability: 'src/reliability/index.ts' },
  format: ['esm'],
  target: 'node22',
  dts: true,
  sourcemap: true,
  clean: true,
  // `node:sqlite` exists only with its prefix.
  removeNodeProtocol: false,
});
