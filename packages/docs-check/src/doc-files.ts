/** The Markdown files whose code blocks are checked. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root (two levels above this package's `src`). */
export const repoRoot = new URL('../../../', import.meta.url).pathname;

/** `README.md`, `docs/*.md`, and the README of every package and example, relative to the root. */
export function docFiles(root: string = repoRoot): string[] {
  const files = ['README.md'];
  const docs = join(root, 'docs');
  if (existsSync(docs)) {
    files.push(
      ...readdirSync(docs)
        .filter((f) => f.endsWith('.md'))
        .sort()
        .map((f) => `docs/${f}`),
    );
  }
  for (const group of ['packages', 'examples']) {
    for (const name of readdirSync(join(root, group)).sort()) {
      const readme = `${group}/${name}/README.md`;
      if (existsSync(join(root, readme))) files.push(readme);
    }
  }
  return files;
}
