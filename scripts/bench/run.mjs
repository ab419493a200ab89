// `npm run bench`: makes (once) a big real trace with the Go workload in scripts/ — generated, never
// committed — builds Go's side of the comparison, then runs every packages/*/bench/*.bench.mjs with
//   BENCH_TRACE   the big trace (override to use your own file)
//   GO_RAWBENCH   Go's raw wire reader benchmark binary   GO_BENCH  Go's full-reader benchmark binary
//   GO_RAWTEXT    Go's raw text tool (bytes2text / text2bytes)
// so that each of our numbers is printed next to Go's on the same file in the same run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(repo, 'scripts', 'out');
mkdirSync(out, { recursive: true });
const env = { ...process.env };
const haveGo = spawnSync('go', ['version']).status === 0;
const mb = Number(process.env.BENCH_MB ?? 60);

if (!env.BENCH_TRACE) {
  const trace = join(out, `bench-${mb}mb.trace`);
  if (!existsSync(trace)) {
    if (!haveGo) {
      console.log('bench: no Go toolchain and no BENCH_TRACE: whole-file benchmarks are skipped');
    } else {
      console.log(`bench: recording a ~${mb} MB trace with the Go workload (once; kept in scripts/out/)...`);
      const gen = join(repo, 'scripts', 'gen-big-trace.sh');
      if (existsSync(gen)) execFileSync('bash', [gen, trace, String(mb)], { stdio: 'inherit' });
      else execFileSync('go', ['run', '.', '-scenario', 'big', '-mb', String(mb), '-out', trace], { cwd: join(repo, 'scripts', 'workload'), stdio: 'inherit', env: { ...env, GOTOOLCHAIN: 'local' } });
    }
  }
  if (existsSync(trace)) env.BENCH_TRACE = trace;
}
if (haveGo) {
  execFileSync('bash', [join(repo, 'scripts', 'build-oracle.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  env.GO_RAWBENCH = join(out, 'bin', 'rawbench');
  env.GO_BENCH = join(out, 'bin', 'gobench');
  env.GO_RAWTEXT = join(out, 'bin', 'rawtext');
}

let failed = 0;
for (const pkg of readdirSync(join(repo, 'packages')).sort()) {
  const dir = join(repo, 'packages', pkg, 'bench');
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.bench.mjs')).sort()) {
    console.log(`\n=== ${pkg}/bench/${f}`);
    const args = ['--expose-gc', join(dir, f)];
    if (env.BENCH_TRACE) args.push(env.BENCH_TRACE);
    const r = spawnSync(process.execPath, args, { stdio: 'inherit', env });
    if (r.status !== 0) failed++;
  }
}
process.exit(failed ? 1 : 0);
