/**
 * Vitest global setup of this package: one throwaway PostgreSQL server (and a migrated template
 * database) for every test file, stopped afterwards. Without server binaries the tests skip with
 * an install hint, except under CI (`CI=true`), where that is an error.
 */
import type { TestProject } from 'vitest/node';
import './src/provided-context.js';
import {
  createTemplateDatabase,
  findPostgresBinaries,
  installHint,
  startThrowawayPostgres,
} from './src/testing.js';

const templateName = 'weft_template';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  project.provide('postgresTemplate', templateName);
  if (findPostgresBinaries() === undefined) {
    if (process.env['CI'] === 'true') throw new Error(installHint);
    console.warn(`@weft/store-postgres: tests skipped. ${installHint}`);
    project.provide('postgresUrl', null);
    return () => Promise.resolve();
  }
  const server = await startThrowawayPostgres();
  await createTemplateDatabase(server.url, templateName);
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
