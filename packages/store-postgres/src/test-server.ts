/**
 * The throwaway server this package's tests share (started by `vitest.setup.ts`), for test files
 * only (not exported).
 *
 * @module
 */
import { inject } from 'vitest';
import './provided-context.js';

/** The server URL, or null when PostgreSQL is not installed (the tests then skip). */
export const serverUrl: string | null = inject('postgresUrl');

/** The migrated template database scratch databases are copied from. */
export const template: string = inject('postgresTemplate');

/** The server URL; call only inside tests that were not skipped. */
export function requireServer(): string {
  if (serverUrl === null) throw new Error('no PostgreSQL server: the test should have been skipped');
  return serverUrl;
}
