import { expect } from 'chai';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRACE_VERSIONS, decodeRaw } from '@gotrace/decoder';
import { encodeScenario, encodeScenarioText, ScenarioError, ScenarioSchema, formatPath, formatZodError } from '../src/index.js';
import { schemaText, SCHEMA_PATH } from '../schema/generate.js';
import { checkerOutput } from './support/read.js';
import { FIXTURES } from './paths.js';

const DIR = join(FIXTURES, 'scenarios');
const SCENARIOS = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

describe('JSON scenarios', () => {
  it('the example scenarios are present', () => {
    expect(SCENARIOS).to.include.members(['worker-pool.json', 'syscall-server.json', 'gc-cycles.json', 'tasks-regions.json']);
  });

  for (const f of SCENARIOS) {
    for (const version of TRACE_VERSIONS) {
      it(`${f} encodes for version ${version} and reads back cleanly`, () => {
        const bytes = encodeScenarioText(readFileSync(join(DIR, f), 'utf8'), { version });
        expect(decodeRaw(bytes).version).to.equal(version);
        const out = checkerOutput(bytes);
        expect(out).to.match(/\nOK \d+\n$/);
      });
    }
  }

  it('the committed encodings in fixtures/scenarios/encoded/ are what the writer produces (UPDATE_SCENARIO_TRACES=1 rewrites them)', () => {
    const out = join(DIR, 'encoded');
    if (process.env.UPDATE_SCENARIO_TRACES) mkdirSync(out, { recursive: true });
    for (const f of SCENARIOS) {
      for (const version of TRACE_VERSIONS) {
        const file = join(out, `${f.replace(/\.json$/, '')}-v${version}.trace`);
        const bytes = encodeScenarioText(readFileSync(join(DIR, f), 'utf8'), { version });
        if (process.env.UPDATE_SCENARIO_TRACES) writeFileSync(file, bytes);
        expect(existsSync(file), file).to.equal(true);
        expect(Buffer.from(readFileSync(file)).equals(Buffer.from(bytes)), file).to.equal(true);
      }
    }
  });

  it('worker-pool: channel hand-offs show up as the expected transitions', () => {
    const out = checkerOutput(encodeScenarioText(readFileSync(join(DIR, 'worker-pool.json'), 'utf8')));
    expect(out).to.contain('GoID=2 Running->Waiting Reason="chan receive"');
    expect(out).to.contain('GoID=3 Running->Waiting Reason="chan send"');
    expect(out).to.contain('GoID=3 Running->Runnable Reason="preempted"');
    expect(out).to.contain('runtime.chanrecv1 @ ');
    expect(out.match(/ Sync /g)).to.have.length(3); // two generations + the final Sync
  });

  it('accepts the flat form: one list of events naming their thread', () => {
    const bytes = encodeScenario({
      procs: [{ id: 0, status: 'running', thread: 1 }],
      goroutines: [{ id: 1, status: 'running', thread: 1 }],
      events: [
        { thread: 1, time: 10, event: 'goCreate', g: 2, start: [{ func: 'main.w', file: 'w.go', line: 3 }] },
        { thread: 1, time: 20, event: 'goBlock', reason: 'chan receive' },
        { thread: 1, time: 20, event: 'goStart', g: 2 },
        { thread: 1, time: 30, event: 'goUnblock', g: 1 },
      ],
      cpuSamples: [{ time: 25, thread: 1, p: 0, g: 2, stack: [{ func: 'main.w', file: 'w.go', line: 4 }] }],
    });
    const out = checkerOutput(bytes);
    expect(out).to.match(/OK \d+\n$/);
    expect(out).to.contain('StackSample');
  });

  it('renders schema errors one line per problem with the JSON path', () => {
    let err: ScenarioError | undefined;
    try {
      encodeScenario({
        threads: [{ id: 1, events: [{ time: 1, event: 'goStart', g: 'x' }, { time: 2, event: 'goCreate', g: 3, stack: [{ func: 'a', file: 'b', line: 1.5 }] }] }],
        bogus: true,
      });
    } catch (e) {
      err = e as ScenarioError;
    }
    expect(err).to.be.instanceOf(ScenarioError);
    expect(err!.problems.map((p) => p.path)).to.deep.equal(['threads[0].events[0].g', 'threads[0].events[1].stack[0].line', '']);
    const lines = err!.message.split('\n');
    expect(lines).to.have.length(3);
    expect(lines[1]).to.equal('threads[0].events[1].stack[0].line: expected integer, received number');
  });

  it('reports a call Go would reject with the path of the event', () => {
    expect(() =>
      encodeScenario({
        procs: [{ id: 0, status: 'running', thread: 1 }],
        goroutines: [{ id: 1, status: 'running', thread: 1 }, { id: 2, status: 'waiting' }],
        threads: [{ id: 1, events: [{ time: 5, event: 'goBlock' }, { time: 6, event: 'goStart', g: 2 }] }],
      }),
    ).to.throw(ScenarioError, /^threads\[0\]\.events\[1\]: goStart \(thread 1, proc 0, goroutine 2\): goroutine 2 is waiting, not runnable \[rule goroutine-not-runnable\]$/);
  });

  it('reports times going backwards within a thread, invalid JSON, unknown events', () => {
    expect(() => encodeScenario({ threads: [{ id: 1, events: [{ time: 5, event: 'procStop' }, { time: 4, event: 'procStop' }] }] })).to.throw(
      ScenarioError,
      /^threads\[0\]\.events\[1\]\.time: time 4 is earlier/,
    );
    expect(() => encodeScenarioText('{ nope')).to.throw(ScenarioError, /^not valid JSON/);
    expect(() => encodeScenario({ threads: [{ id: 1, events: [{ time: 5, event: 'teleport' }] }] })).to.throw(ScenarioError, /^threads\[0\]\.events\[0\]\.event: unknown event/);
  });

  it('formatZodError renders any zod error of the schema the same way', () => {
    const r = ScenarioSchema.safeParse({ threads: [{ id: -1, events: [] }] });
    expect(r.success).to.equal(false);
    expect(formatZodError(r.error!)).to.match(/^threads\[0\]\.id: /);
  });

  it('the JSON Schema describes flat events with their thread (exact branches, no intersection)', () => {
    const schema = JSON.parse(schemaText()) as { properties: Record<string, { $ref?: string; items?: unknown }>; $defs: Record<string, Record<string, unknown>> };
    const deref = (x: unknown): Record<string, unknown> => {
      const r = (x as { $ref?: string }).$ref;
      return r ? schema.$defs[r.replace('#/$defs/', '')]! : (x as Record<string, unknown>);
    };
    const items = deref(deref(schema.properties.events).items);
    const branches = (items.oneOf ?? items.anyOf) as unknown[];
    expect(branches).to.have.length(35);
    for (const b of branches) {
      const o = deref(b) as { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean };
      expect(o.properties).to.have.property('thread');
      expect(o.required).to.include.members(['event', 'time', 'thread']);
      expect(o.additionalProperties).to.equal(false);
    }
  });

  it('formats paths', () => {
    expect(formatPath(['events', 12, 'stack', 3, 'line'])).to.equal('events[12].stack[3].line');
    expect(formatPath(['a b', 0])).to.equal('["a b"][0]');
  });

  it('the committed JSON Schema is generated from the zod schema (npx tsx packages/encoder/schema/generate.ts)', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).to.equal(schemaText());
  });
});
