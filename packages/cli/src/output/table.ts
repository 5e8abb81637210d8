/** A column of a {@link renderTable}: its heading and alignment. */
export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right' | undefined;
  /** Longest cell text; longer cells are cut with `…`. */
  readonly max?: number | undefined;
}

// eslint-disable-next-line no-control-regex -- ANSI escape sequences
const ansi = /\u001b\[[0-9;]*m/g;
const width = (text: string): number => [...text.replace(ansi, '')].length;

function cut(text: string, max: number | undefined): string {
  const flat = text.replace(/\s+/g, ' ');
  if (max === undefined || width(flat) <= max) return flat;
  return `${[...flat].slice(0, Math.max(1, max - 1)).join('')}…`;
}

/**
 * Renders rows as an aligned plain-text table with a header line. Cells may already carry colour;
 * widths ignore escape sequences.
 */
export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  paintHeader: (text: string) => string = (t) => t,
): string {
  const cells = rows.map((row) => columns.map((c, i) => cut(row[i] ?? '', c.max)));
  const widths = columns.map((c, i) =>
    Math.max(width(c.header), ...cells.map((r) => width(r[i] ?? ''))),
  );
  const pad = (text: string, i: number): string => {
    const gap = ' '.repeat((widths[i] ?? 0) - width(text));
    return columns[i]?.align === 'right' ? gap + text : text + gap;
  };
  const line = (row: readonly string[]): string => row.map(pad).join('  ').trimEnd();
  return [paintHeader(line(columns.map((c) => c.header))), ...cells.map(line)].join('\n') + '\n';
}

/** A short local date-time for tables: `2026-05-01 14:03`. */
export function shortTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
