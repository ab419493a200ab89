#!/usr/bin/env node
/**
 * Long fuzz runs: `npm run fuzz -- --seconds N [--seed S] [--budget MS] [--out DIR] [--no-save]`.
 *
 * The main thread generates input i of the seeded run (scripts/fuzz/lib.mjs) and hands it to a
 * worker thread that runs every reader on it (built packages: run `npm run build` first, which
 * `npm run fuzz` does). A worker that does not answer within the per-input budget is a hang: it
 * is terminated, the input is saved and a fresh worker takes over. Crashes (an exception that is
 * not a GotraceError) and disagreements between readers are saved too, as
 * fixtures/fuzz-regressions/<kind>-<hash>.bin|.txt|.json with a <kind>-<hash>.note.md beside it
 * (first occurrence of each distinct problem). Prints inputs per second and the counts; exit
 * code 1 when anything was found.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT, REGRESSIONS, loadCorpus } from './corpus.mjs';
import { generateInput, hashBytes, inputBytes, inputExt, makeTargets } from './lib.mjs';

async function loadModules() {
  const decoder = await import(pathToFileURL(join(ROOT, 'packages/decoder/dist/index.js')).href);
  let encoder;
  try {
    encoder = await import(pathToFileURL(join(ROOT, 'packages/encoder/dist/index.js')).href);
  } catch {
    encoder = undefined;
  }
  return { decoder, encoder };
}

if (!isMainThread) {
  // Worker: run the targets on each input it is sent.
  const targets = makeTargets(await loadModules());
  parentPort.on('message', async (msg) => {
    const t0 = performance.now();
    let res;
    try {
      res = await targets.run(msg.input, msg.seed);
    } catch (e) {
      res = { problems: [{ kind: 'crash', target: 'harness', detail: String(e?.stack ?? e) }], accepted: false };
    }
    parentPort.postMessage({ id: msg.id, problems: res.problems, accepted: res.accepted, ms: performance.now() - t0 });
  });
  parentPort.postMessage({ ready: true });
} else {
  await main();
}

function parseArgs(argv) {
  const o = { seconds: 60, seed: 1, budget: 5000, out: REGRESSIONS, save: true, report: undefined, start: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--seconds') o.seconds = Number(v());
    else if (a === '--seed') o.seed = Number(v());
    else if (a === '--budget') o.budget = Number(v());
    else if (a === '--out') o.out = v();
    else if (a === '--no-save') o.save = false;
    else if (a === '--report') o.report = v();
    else if (a === '--start') o.start = Number(v());
    else if (a === '-h' || a === '--help') {
      console.log('usage: node scripts/fuzz/run.mjs [--seconds N] [--seed S] [--budget MS] [--out DIR] [--no-save] [--report FILE] [--start I]');
      process.exit(0);
    } else {
      console.error(`unknown argument ${a}`);
      process.exit(2);
    }
  }
  return o;
}

function startWorker() {
  const w = new Worker(fileURLToPath(import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: 1024 } });
  const ready = new Promise((res, rej) => {
    w.once('message', (m) => (m.ready ? res() : rej(new Error('worker did not start'))));
    w.once('error', rej);
  });
  return { w, ready };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { decoder } = await loadModules();
  const corpus = loadCorpus();
  const ctx = { iterateBatches: decoder.iterateBatches, fixtures: corpus.binaries.map((b) => b.bytes) };
  console.log(`fuzz: seed ${opts.seed}, ${opts.seconds} s, budget ${opts.budget} ms per input; corpus ${corpus.binaries.length} traces, ${corpus.texts.length} texts, ${corpus.jsons.length} scenarios`);

  let { w, ready } = startWorker();
  await ready;
  const stats = { inputs: 0, byKind: { binary: 0, text: 0, json: 0 }, accepted: 0, crash: 0, hang: 0, disagreement: 0, slowest: 0, saved: [] };
  const seen = new Set();
  const deadline = Date.now() + opts.seconds * 1000;
  const t0 = performance.now();
  let lastReport = Date.now();
  if (opts.save) mkdirSync(opts.out, { recursive: true });

  const save = (kind, input, i, detail) => {
    // One file per distinct problem; hangs all look alike, so keep the first 20 of them.
    const sig = kind === 'hang' ? `hang|${Math.min(stats.hang, 20)}` : `${kind}|${detail.target}|${String(detail.detail).split('\n')[0].replace(/\d+/g, 'N')}`;
    if (seen.has(sig)) return;
    seen.add(sig);
    const bytes = inputBytes(input);
    const base = `${kind}-${hashBytes(bytes)}`;
    stats.saved.push(`${base}.${inputExt(input.kind)}`);
    console.log(`  ${kind} in ${detail.target} (input ${i}: ${input.name}): ${String(detail.detail).split('\n')[0]}`);
    if (!opts.save) return;
    const file = join(opts.out, `${base}.${inputExt(input.kind)}`);
    if (existsSync(file)) return;
    writeFileSync(file, bytes);
    writeFileSync(
      join(opts.out, `${base}.note.md`),
      `# ${kind}: ${detail.target}\n\n` +
        `- input: ${input.kind}, ${bytes.length} bytes, \`${input.name}\`\n` +
        `- found by: \`node scripts/fuzz/run.mjs --seed ${opts.seed}\`, input ${i}\n` +
        `- status: open\n\n` +
        '```\n' + String(detail.detail) + '\n```\n',
    );
  };

  for (let i = opts.start; Date.now() < deadline; i++) {
    const input = generateInput(corpus, ctx, opts.seed, i);
    stats.inputs++;
    stats.byKind[input.kind]++;
    const result = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ hang: true }), opts.budget);
      const onMsg = (m) => {
        if (m.id !== i) return;
        clearTimeout(timer);
        w.off('message', onMsg);
        w.off('error', onErr);
        resolve(m);
      };
      const onErr = (e) => {
        clearTimeout(timer);
        w.off('message', onMsg);
        resolve({ dead: String(e?.stack ?? e) });
      };
      w.on('message', onMsg);
      w.once('error', onErr);
      w.postMessage({ id: i, input, seed: i });
    });
    if (result.hang || result.dead) {
      const kind = result.hang ? 'hang' : 'crash';
      stats[kind]++;
      save(kind, input, i, { target: result.hang ? `all targets (no answer in ${opts.budget} ms)` : 'worker died', detail: result.dead ?? `no answer within ${opts.budget} ms` });
      await w.terminate();
      ({ w, ready } = startWorker());
      await ready;
      continue;
    }
    if (result.accepted) stats.accepted++;
    stats.slowest = Math.max(stats.slowest, result.ms);
    for (const p of result.problems) {
      stats[p.kind]++;
      save(p.kind, input, i, p);
    }
    if (Date.now() - lastReport > 30_000) {
      lastReport = Date.now();
      const s = (performance.now() - t0) / 1000;
      console.log(`  ${stats.inputs} inputs in ${s.toFixed(0)} s (${(stats.inputs / s).toFixed(0)}/s); crashes ${stats.crash}, hangs ${stats.hang}, disagreements ${stats.disagreement}`);
    }
  }
  await w.terminate();
  const seconds = (performance.now() - t0) / 1000;
  const summary = {
    seed: opts.seed,
    seconds: Math.round(seconds),
    inputs: stats.inputs,
    perSecond: Math.round(stats.inputs / seconds),
    byKind: stats.byKind,
    accepted: stats.accepted,
    crashes: stats.crash,
    hangs: stats.hang,
    disagreements: stats.disagreement,
    slowestInputMs: Math.round(stats.slowest),
    saved: stats.saved,
  };
  console.log(JSON.stringify(summary, null, 2));
  if (opts.report) writeFileSync(opts.report, JSON.stringify(summary, null, 2) + '\n');
  process.exit(stats.crash + stats.hang + stats.disagreement > 0 ? 1 : 0);
}
