/**
 * A short string for a JSON Schema `pattern`, for the regexes schemas usually hold (`^[0-9]{5}$`,
 * `^[A-Z]{2}-\d+$`, `^(draft|final)$`): each atom becomes its first fitting character, each
 * quantifier its minimum, each alternation its first branch. The caller checks the result against the
 * real regex, because lookarounds and backreferences are beyond this.
 */

// Characters tried, in order, for a class or escape such as `[^a-z]` or `\w`.
const candidateChars = [
  'a',
  'b',
  'x',
  'A',
  'B',
  'X',
  '0',
  '1',
  '9',
  '_',
  '-',
  '.',
  ' ',
  '@',
  '/',
  ':',
];

/** An example string for `source`, or undefined when it cannot be built. */
export function sampleForPattern(source: string): string | undefined {
  try {
    return generateAlternatives(source.replace(/^\^/, '').replace(/(?<!\\)\$$/, ''));
  } catch {
    return undefined;
  }
}

function generateAlternatives(source: string): string {
  return generateSequence(firstAlternative(source));
}

function firstAlternative(source: string): string {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return source.slice(0, i);
  }
  return source;
}

function generateSequence(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const [text, next] = readAtom(source, i);
    const [count, after] = readQuantifier(source, next);
    out += text.repeat(count);
    i = after;
  }
  return out;
}

/** Reads one atom at `i`: returns an example of it and the index after it. */
function readAtom(source: string, i: number): [string, number] {
  const c = source[i] ?? '';
  if (c === '(') {
    const end = closingParen(source, i);
    const inner = source.slice(i + 1, end).replace(/^\?(?::|<[^>]*>)/, '');
    if (/^\?[=!<]/.test(inner)) return ['', end + 1]; // lookarounds match no characters
    return [generateAlternatives(inner), end + 1];
  }
  if (c === '[') {
    let end = i + 1;
    if (source[end] === '^') end++;
    if (source[end] === ']') end++;
    while (end < source.length && source[end] !== ']') end += source[end] === '\\' ? 2 : 1;
    return [charFor(source.slice(i, end + 1)), end + 1];
  }
  if (c === '\\') {
    const escape =
      /^\\(?:u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|p\{[^}]*\}|P\{[^}]*\}|.)/.exec(
        source.slice(i),
      );
    const text = escape?.[0] ?? '\\';
    if (text === '\\b' || text === '\\B') return ['', i + 2];
    return [charFor(text), i + text.length];
  }
  if (c === '.') return ['a', i + 1];
  if (c === '^' || c === '$') return ['', i + 1];
  return [c, i + 1];
}

function closingParen(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[')
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  throw new Error('unbalanced group');
}

/** Reads a quantifier at `i`: returns its minimum count (1 without one) and the index after it. */
function readQuantifier(source: string, i: number): [number, number] {
  const rest = source.slice(i);
  const braces = /^\{(\d+)(?:,\d*)?\}\??/.exec(rest);
  if (braces !== null) return [Number(braces[1]), i + braces[0].length];
  const symbol = /^[?*+]\??/.exec(rest);
  if (symbol === null) return [1, i];
  // `?` keeps the atom (readable), `*` drops it, `+` keeps one.
  return [symbol[0].startsWith('*') ? 0 : 1, i + symbol[0].length];
}

function charFor(atom: string): string {
  const regex = new RegExp(`^${atom}$`, 'u');
  const found = candidateChars.find((candidate) => regex.test(candidate));
  if (found !== undefined) return found;
  // A literal escape such as `\(` stands for itself.
  if (atom.length === 2 && atom.startsWith('\\')) return atom.slice(1);
  throw new Error(`no example character for ${atom}`);
}
