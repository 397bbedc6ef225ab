/**
 * The `curl` examples of a Markdown file, read the way a POSIX shell reads them: quotes,
 * `"'"$VAR"'"` splices, backslash-newline continuations, `#` comments. Variables stay named
 * until the caller renders the example with values, so one parse serves a whole run.
 */

type Piece = { literal: string } | { variable: string };
type Word = Piece[];

/** One curl command of a ```bash / ```sh block. */
export interface CurlExample {
  /** 1-based line of the README where the command starts. */
  line: number;
  /** The command as written. */
  source: string;
  method: string;
  /** The route as written, each variable segment as `:id`, without host or query. */
  route: string;
  /** The variables the command uses, in order of first use. */
  variables: string[];
  /** The keys of the answer the README shows in the `# {…}` comment lines after the command. */
  answerKeys: string[];
  /** `-O`/`-OJ`: the answer is saved as a file. */
  savesFile: boolean;
  render(value: (variable: string) => string): RenderedCurl;
}

export interface RenderedCurl {
  method: string;
  url: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** A `-d` body, or `@file` of `--data-binary @file`. */
  data?: string;
}

const FENCE_OPEN = /^(\s*)```(bash|sh|shell)\s*$/;
const FENCE_CLOSE = /^\s*```\s*$/;
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*/;
const DATA_FLAGS = new Set(['-d', '--data', '--data-raw', '--data-binary']);
const VALUE_FLAGS = new Set(['-X', '--request', '-H', '--header', '-o', '--output', ...DATA_FLAGS]);
const SWITCHES = /^-[sSfiLOJv]+$|^--(silent|show-error|fail|include|location|remote-name)$/;

export function readmeCurlExamples(markdown: string): CurlExample[] {
  const lines = markdown.split('\n');
  const examples: CurlExample[] = [];
  for (let open = 0; open < lines.length; open++) {
    const fence = FENCE_OPEN.exec(lines[open]);
    if (!fence) {
      continue;
    }
    const indent = fence[1].length;
    let close = open + 1;
    while (close < lines.length && !FENCE_CLOSE.test(lines[close])) {
      close++;
    }
    const block = lines.slice(open + 1, close).map((line) => line.slice(indent));
    examples.push(...blockExamples(block, open + 2));
    open = close;
  }
  return examples;
}

function blockExamples(block: string[], firstLine: number): CurlExample[] {
  const examples: CurlExample[] = [];
  const text = block.join('\n');
  const lineStarts = block.map(
    (_, index) => block.slice(0, index).join('\n').length + (index && 1),
  );
  for (let index = 0; index < block.length; index++) {
    if (!/^\s*curl\s/.test(block[index])) {
      continue;
    }
    const start = lineStarts[index];
    const { words, end } = readCommand(text, start);
    let next = text.slice(0, end).split('\n').length;
    const answer: string[] = [];
    for (; next < block.length && block[next].trimStart().startsWith('#'); next++) {
      answer.push(block[next]);
    }
    const source = text.slice(start, end);
    examples.push(curlExample(words, source, firstLine + index, answerKeysOf(answer)));
    index = next - 1;
  }
  return examples;
}

/** The answer comments show JSON with elisions (`…`): the quoted keys are what they promise. */
function answerKeysOf(comments: string[]): string[] {
  const shown = comments.filter((line) => /^\s*#\s*[{[ ]/.test(line)).join('\n');
  return [...new Set([...shown.matchAll(/"(\w+)":/g)].map((match) => match[1]))];
}

function readCommand(text: string, start: number): { words: Word[]; end: number } {
  const words: Word[] = [];
  let word: Word | null = null;
  const literal = (chars: string) => (word ??= []).push({ literal: chars });
  const variable = (at: number): number => {
    const braced = text[at + 1] === '{';
    const name = VARIABLE.exec(text.slice(at + (braced ? 2 : 1)))?.[0];
    if (!name) {
      throw new Error(`unsupported shell syntax at "${text.slice(at, at + 12)}"`);
    }
    (word ??= []).push({ variable: name });
    return at + name.length + (braced ? 3 : 1);
  };
  let at = start;
  while (at < text.length && text[at] !== '\n') {
    const char = text[at];
    if (char === '\\' && text[at + 1] === '\n') {
      at += 2;
    } else if (char === ' ' || char === '\t') {
      if (word) {
        words.push(word);
      }
      word = null;
      at++;
    } else if (char === '#' && !word) {
      at = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at);
    } else if (char === "'") {
      const close = text.indexOf("'", at + 1);
      literal(text.slice(at + 1, close));
      at = close + 1;
    } else if (char === '"') {
      for (at++; text[at] !== '"';) {
        if (text[at] === '\\' && '"\\$`'.includes(text[at + 1])) {
          literal(text[at + 1]);
          at += 2;
        } else if (text[at] === '$') {
          at = variable(at);
        } else {
          literal(text[at++]);
        }
      }
      at++;
    } else if (char === '$') {
      at = variable(at);
    } else if (';|&<>()`'.includes(char)) {
      throw new Error(`unsupported shell syntax "${char}" in: ${text.slice(start, at + 1)}`);
    } else {
      literal(char === '\\' ? text[++at] : char);
      at++;
    }
  }
  if (word) {
    words.push(word);
  }
  return { words, end: at };
}

const isLiteral = (word: Word): string | undefined =>
  word.every((piece) => 'literal' in piece)
    ? word.map((piece) => ('literal' in piece ? piece.literal : '')).join('')
    : undefined;

function curlExample(words: Word[], source: string, line: number, answerKeys: string[]) {
  let method: string | undefined;
  let url: Word | undefined;
  let data: Word | undefined;
  let savesFile = false;
  const headers: Word[] = [];
  for (let index = 1; index < words.length; index++) {
    const flag = isLiteral(words[index]) ?? '';
    if (VALUE_FLAGS.has(flag)) {
      const value = words[++index];
      if (flag === '-X' || flag === '--request') {
        method = isLiteral(value);
      } else if (flag === '-H' || flag === '--header') {
        headers.push(value);
      } else if (DATA_FLAGS.has(flag)) {
        data = value;
      }
    } else if (SWITCHES.test(flag)) {
      savesFile ||= /^-\w*O|^--remote-name/.test(flag);
    } else if (flag.startsWith('-')) {
      throw new Error(`README line ${line}: curl option ${flag} is not understood by this suite`);
    } else {
      url = words[index];
    }
  }
  if (!url) {
    throw new Error(`README line ${line}: a curl example without a URL`);
  }
  const written = url.map((piece) => ('literal' in piece ? piece.literal : ':id')).join('');
  const route = written.replace(/^(:id|https?:\/\/[^/]+|[\w.-]+:\d+)/, '').split('?')[0];
  const variables = [...new Set([url, ...headers, ...(data ? [data] : [])].flat())]
    .flatMap((piece) => ('variable' in piece ? [piece.variable] : []))
    .filter((name, index, all) => all.indexOf(name) === index);
  const resolvedMethod = method ?? (data ? 'POST' : 'GET');
  return {
    line,
    source,
    method: resolvedMethod,
    route,
    variables,
    answerKeys,
    savesFile,
    render(value: (variable: string) => string): RenderedCurl {
      const text = (word: Word) =>
        word.map((piece) => ('literal' in piece ? piece.literal : value(piece.variable))).join('');
      const headerPairs = headers.map((header) => {
        const [name, ...rest] = text(header).split(':');
        return [name.trim().toLowerCase(), rest.join(':').trim()];
      });
      return {
        method: resolvedMethod,
        url: text(url),
        headers: Object.fromEntries(headerPairs),
        ...(data ? { data: text(data) } : {}),
      };
    },
  };
}
