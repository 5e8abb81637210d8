import { defineConfig } from 'vitest/config';

// One Vitest project per package and example; workspace imports resolve to `src` through the
// `@weft/source` export condition, so tests need no build.
export default defineConfig({
  resolve: { conditions: ['@weft/source'] },
  ssr: { resolve: { conditions: ['@weft/source'] } },
  test: {
    projects: ['packages/*', 'examples/*'],
  },
});
