/** Scenario errors: one problem per line, each with its JSON path. */
import { GotraceError } from '@gotrace/decoder';
import type { z } from 'zod';

export interface ScenarioProblem {
  /** JSON path, e.g. `threads[0].events[12].stack[3].line` ("" = the whole document). */
  readonly path: string;
  readonly message: string;
}

export class ScenarioError extends GotraceError {
  override name = 'ScenarioError';
  readonly problems: readonly ScenarioProblem[];
  constructor(problems: readonly ScenarioProblem[], options?: { cause?: unknown }) {
    super('bad-scenario', formatProblems(problems), options);
    this.problems = problems;
  }
}

/** `a.b[3].c` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const k of path) {
    if (typeof k === 'number') s += `[${k}]`;
    else {
      const key = String(k);
      s += /^[A-Za-z_$][\w$]*$/.test(key) ? (s === '' ? key : `.${key}`) : `[${JSON.stringify(key)}]`;
    }
  }
  return s;
}

/** One line per problem: `path: message`. */
export function formatProblems(problems: readonly ScenarioProblem[]): string {
  return problems.map((p) => (p.path === '' ? p.message : `${p.path}: ${p.message}`)).join('\n');
}

/** zod issues → problems (union errors are flattened to their most specific branch). */
export function zodProblems(error: z.ZodError): ScenarioProblem[] {
  const out: ScenarioProblem[] = [];
  const visit = (issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): void => {
    for (const i of issues) {
      const path = [...prefix, ...i.path];
      if (i.code === 'invalid_union' && 'errors' in i && Array.isArray(i.errors) && i.errors.length > 0) {
        // Report the branch that got furthest (fewest issues).
        const best = [...(i.errors as z.core.$ZodIssue[][])].sort((a, b) => a.length - b.length)[0]!;
        visit(best, path);
        continue;
      }
      out.push({ path: formatPath(path), message: cleanMessage(i.message) });
    }
  };
  visit(error.issues, []);
  return out;
}

function cleanMessage(m: string): string {
  return m
    .replace(/^Invalid input: /, '')
    .replace(/\bexpected int\b/, 'expected integer')
    .replace(/^Invalid discriminator value\. Expected /, 'unknown event; expected one of ')
    .replace(/\n/g, ' ');
}

/** A zod error as text: one `path: message` line per problem. */
export function formatZodError(error: z.ZodError): string {
  return formatProblems(zodProblems(error));
}
