/**
 * Finds the TypeScript blocks of Markdown files: fenced with ```ts or ```typescript, unless the
 * info string also says `no-check` (a fragment that is not meant to compile on its own).
 */

/** One code block and where it came from. */
export interface CodeBlock {
  /** The Markdown file, relative to the repository root. */
  readonly file: string;
  /** 1-based line of the block's first code line in the Markdown file. */
  readonly line: number;
  readonly code: string;
}

const fence = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)(.*)$/;

/** The blocks of one Markdown text that should compile. */
export function extractBlocks(file: string, markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  let open:
    { marker: string; indent: number; check: boolean; start: number; body: string[] } | undefined;
  lines.forEach((text, i) => {
    const match = fence.exec(text);
    if (open === undefined) {
      if (match === null) return;
      const [, indent = '', marker = '', lang = '', rest = ''] = match;
      const isTs = lang === 'ts' || lang === 'typescript';
      open = {
        marker,
        indent: indent.length,
        check: isTs && !/\bno-check\b/.test(rest),
        start: i + 2,
        body: [],
      };
      return;
    }
    if (
      match !== null &&
      match[2]?.startsWith(open.marker) === true &&
      (match[3] ?? '') === '' &&
      (match[4] ?? '').trim() === ''
    ) {
      if (open.check) blocks.push({ file, line: open.start, code: open.body.join('\n') });
      open = undefined;
      return;
    }
    open.body.push(text.slice(Math.min(open.indent, text.length - text.trimStart().length)));
  });
  return blocks;
}
