/** Runs the `gotrace` command line as a user does: a child process. */
import { spawnSync } from 'node:child_process';
import { GOTRACE_BIN } from '../paths.js';

export function runGotrace(args: string[], input?: Uint8Array | string): { code: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, [GOTRACE_BIN, ...args], { input, maxBuffer: 1 << 28, env: { ...process.env, TZ: 'UTC' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}
