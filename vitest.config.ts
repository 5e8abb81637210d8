import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// One Vitest project per package and example, named after it. Workspace imports resolve to `src`
// through the `@weft/source` export condition, so tests need no build.
const projectDirs = ['packages', 'examples'].flatMap((group) =>
  readdirSync(group)
    .map((name) => join(group, name))
    .filter((dir) => existsSync(join(dir, 'package.json'))),
);

export default defineConfig({
  resolve: { conditions: ['@weft/source'] },
  ssr: { resolve: { conditions: ['@weft/source'] } },
  test: {
    // Generous limits: suites start servers and child processes, and CI machines have two cores.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: projectDirs.map((dir) => ({
      extends: true,
      test: {
        name: (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string }).name,
        root: dir,
        include: ['src/**/*.test.ts'],
        // A package may start shared services (a database server) for its tests in `vitest.setup.ts`.
        ...(existsSync(join(dir, 'vitest.setup.ts')) ? { globalSetup: [resolve(dir, 'vitest.setup.ts')] } : {}),
      },
    })),
  },
});
