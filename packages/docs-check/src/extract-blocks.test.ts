import { expect, it } from 'vitest';
import { extractBlocks } from './extract-blocks.js';

it('takes ts and typescript blocks, skips no-check and other languages, and keeps line numbers', () => {
  const md = [
    '# Title', // 1
    '```ts', // 2
    'const a = 1;', // 3
    '```', // 4
    '```sh', // 5
    'echo hi', // 6
    '```', // 7
    '```ts no-check', // 8
    'fragment(', // 9
    '```', // 10
    '- item', // 11
    '  ```typescript', // 12
    '  const b = 2;', // 13
    '  ```', // 14
  ].join('\n');
  expect(extractBlocks('x.md', md)).toEqual([
    { file: 'x.md', line: 3, code: 'const a = 1;' },
    { file: 'x.md', line: 13, code: 'const b = 2;' },
  ]);
});

it('does not end a block at a fence line that opens another language', () => {
  const md = ['````ts', 'const s = `', '```sh', '`;', '````'].join('\n');
  expect(extractBlocks('y.md', md)).toEqual([
    { file: 'y.md', line: 2, code: 'const s = `\n```sh\n`;' },
  ]);
});
