import { beforeAll, describe, expect, it } from 'vitest';
import { checkSnippets, readDoc, type SnippetProblem } from './check-snippets.js';
import { docFiles, repoRoot } from './doc-files.js';
import { extractBlocks, type CodeBlock } from './extract-blocks.js';

const files = docFiles();
const blocks: CodeBlock[] = files.flatMap((file) => extractBlocks(file, readDoc(repoRoot, file)));
let problems: SnippetProblem[] = [];

beforeAll(() => {
  problems = checkSnippets(blocks);
}, 180_000);

it('finds the TypeScript blocks of the docs and READMEs', () => {
  expect(files).toContain('docs/getting-started.md');
  expect(blocks.length).toBeGreaterThan(20);
});

describe.each(files.filter((f) => blocks.some((b) => b.file === f)))('%s', (file) => {
  it('compiles every ts block', () => {
    const mine = problems
      .filter((p) => p.file === file)
      .map((p) => `${p.file}:${p.line} ${p.message}`);
    expect(mine).toEqual([]);
  });
});
