/**
 * Writes each block to a file under `.snippets/` (inside this package, so `@weft/*` imports
 * resolve to the workspace sources) and type-checks them with the TypeScript compiler under the
 * repository's strict settings. Only the snippet files are checked; their imports are read as
 * declarations.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { CodeBlock } from './extract-blocks.js';

/** A compiler error, placed in the Markdown file. */
export interface SnippetProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** Where the snippets are written. */
export const snippetDir = new URL('../.snippets/', import.meta.url).pathname;

const contextFile = new URL('./snippet-context.d.ts', import.meta.url).pathname;

function snippetName(block: CodeBlock, index: number): string {
  return `${String(index).padStart(3, '0')}-${block.file.replace(/[^\w]+/g, '_')}-L${block.line}.ts`;
}

/** Type-checks the blocks; returns every problem, mapped back to Markdown lines. */
export function checkSnippets(blocks: readonly CodeBlock[]): SnippetProblem[] {
  rmSync(snippetDir, { recursive: true, force: true });
  mkdirSync(snippetDir, { recursive: true });
  copyFileSync(contextFile, join(snippetDir, 'snippet-context.d.ts'));
  writeFileSync(
    join(snippetDir, 'tsconfig.json'),
    JSON.stringify({
      extends: '../../../tsconfig.base.json',
      compilerOptions: { noEmit: true, declaration: false, noUnusedLocals: false },
      include: ['*.ts'],
    }),
  );
  const byPath = new Map<string, CodeBlock>();
  blocks.forEach((block, i) => {
    const path = join(snippetDir, snippetName(block, i));
    // `export {}` makes every block a module: top-level await works and names do not collide.
    writeFileSync(path, `${block.code}\nexport {};\n`);
    byPath.set(path, block);
  });

  const config = ts.getParsedCommandLineOfConfigFile(
    join(snippetDir, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (config === undefined) throw new Error('Could not read the snippets tsconfig.');
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  const problems: SnippetProblem[] = [];
  for (const [path, block] of byPath) {
    const source = program.getSourceFile(path);
    if (source === undefined) {
      problems.push({ file: block.file, line: block.line, message: 'the block was not compiled' });
      continue;
    }
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    for (const d of diagnostics) {
      const at = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line;
      problems.push({
        file: block.file,
        line: block.line + at,
        message: `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
      });
    }
  }
  return problems;
}

/** Reads a Markdown file relative to `root`. */
export function readDoc(root: string, file: string): string {
  return readFileSync(join(root, file), 'utf8');
}
