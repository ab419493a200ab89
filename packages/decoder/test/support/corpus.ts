/** Locating the golden corpora: our fixtures, and Go's conformance tests (repo copy or module cache). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { homedir } from 'node:os';

export const ROOT = resolve(import.meta.dirname, '../../../..');
export const FIXTURES = join(ROOT, 'fixtures');

export function listFiles(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => join(dir, f));
}

/** Directory of x/exp's trace/testdata (conformance .test files and the fuzz corpus), if any. */
export function xexpTestdata(): string | undefined {
  const repo = join(FIXTURES, 'go-conformance');
  if (existsSync(join(repo, 'tests'))) return repo;
  const modBase = join(process.env.GOMODCACHE ?? join(homedir(), 'go/pkg/mod'), 'golang.org/x');
  if (!existsSync(modBase)) return undefined;
  const versions = readdirSync(modBase).filter((d) => d.startsWith('exp@')).sort();
  for (const v of versions.reverse()) {
    const d = join(modBase, v, 'trace/testdata');
    if (existsSync(join(d, 'tests'))) return d;
  }
  return undefined;
}

export function readBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}
