/**
 * What `vitest.setup.ts` hands this package's test files through `provide`/`inject`.
 *
 * @module
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway server's URL, or null when PostgreSQL is not installed. */
    postgresUrl: string | null;
    /** A migrated database to copy scratch databases from. */
    postgresTemplate: string;
  }
}

export {};
