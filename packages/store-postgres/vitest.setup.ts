// Picked up by the root vitest.config.ts for this package's project: starts the throwaway server.
export { default } from './src/global-setup.js';
