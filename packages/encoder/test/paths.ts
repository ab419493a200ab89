import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const FIXTURES = join(REPO, 'fixtures');
export const TRACES = join(FIXTURES, 'traces');
export const CONFORMANCE = join(FIXTURES, 'go-conformance');
export const GOTRACE_BIN = join(REPO, 'packages', 'encoder', 'bin', 'gotrace.js');
