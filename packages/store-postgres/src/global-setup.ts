/**
 * Vitest global setup of this package (wired through `vitest.setup.ts`): one throwaway PostgreSQL
 * server and a migrated template database for every test file, stopped afterwards. Without server
 * binaries the tests skip with an install hint, except under CI (`CI=true`), where that is an error.
 *
 * @module
 */
import type { TestProject } from 'vitest/node';
import './provided-context.js';
import { createTemplateDatabase, findPostgresBinaries, installHint, startThrowawayPostgres } from './testing.js';

const templateName = 'weft_template';

/** Starts the server and hands its URL to the test files; returns the teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  project.provide('postgresTemplate', templateName);
  if (findPostgresBinaries() === undefined) {
    if (process.env['CI'] === 'true') throw new Error(installHint);
    console.warn(`@weft/store-postgres: tests skipped. ${installHint}`);
    project.provide('postgresUrl', null);
    return () => Promise.resolve();
  }
  const server = await startThrowawayPostgres();
  try {
    await createTemplateDatabase(server.url, templateName);
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
