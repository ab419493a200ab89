/**
 * txtar archives and Go's `.test` conformance files (wire-format.md §16): an `expect` file
 * (`SUCCESS`, or `FAILURE` + a quoted regular expression) and a `trace` file in the raw text form.
 */
import { TextFormatError } from '../errors.js';
import { goUnquote } from './unquote.js';

export interface TxtarFile {
  readonly name: string;
  readonly data: string;
}

/** Splits a txtar archive into its comment and files. Anything that is not a marker is content. */
export function parseTxtar(text: string): { comment: string; files: TxtarFile[] } {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const files: { name: string; lines: string[] }[] = [];
  const comment: string[] = [];
  for (const line of lines) {
    const m = /^-- (.*) --$/.exec(line);
    if (m) {
      files.push({ name: m[1]!.trim(), lines: [] });
      continue;
    }
    (files.at(-1)?.lines ?? comment).push(line);
  }
  const join = (ls: string[]) => (ls.length === 0 ? '' : ls.join('\n') + '\n');
  return { comment: join(comment), files: files.map((f) => ({ name: f.name, data: join(f.lines) })) };
}

export type TestExpectation = { readonly success: true } | { readonly success: false; readonly pattern: RegExp; readonly source: string };

export interface ConformanceTest {
  readonly expect: TestExpectation;
  /** The trace in Go's raw text form. */
  readonly trace: string;
}

/** Parses a Go `.test` file: exactly `expect` then `trace`. */
export function parseConformanceTest(text: string): ConformanceTest {
  const { files } = parseTxtar(text);
  if (files.length !== 2) throw new TextFormatError('bad-test', `malformed test: wrong number of files (${files.length})`, 1);
  const [exp, trace] = files as [TxtarFile, TxtarFile];
  if (exp.name !== 'expect' || trace.name !== 'trace') {
    throw new TextFormatError('bad-test', `malformed test: bad filename (${exp.name}, ${trace.name})`, 1);
  }
  return { expect: parseExpectation(exp.data), trace: trace.data };
}

function parseExpectation(data: string): TestExpectation {
  const first = data.split('\n')[0] ?? '';
  if (first === '') return { success: true };
  const sp = first.indexOf(' ');
  const word = sp < 0 ? first : first.slice(0, sp);
  if (word === 'SUCCESS') return { success: true };
  if (word === 'FAILURE' && sp >= 0) {
    const lit = goUnquote(first.slice(sp + 1).trim());
    if (lit.ok) {
      const source = new TextDecoder().decode(lit.bytes);
      return { success: false, pattern: new RegExp(source), source };
    }
  }
  throw new TextFormatError('bad-test', `bad header line: ${first}`, 2);
}
