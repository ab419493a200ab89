/**
 * The JSON scenario format: what a program's threads did, with absolute times, strings and
 * stacks written inline. `encodeScenario` turns it into a trace through the TraceWriter.
 * The JSON Schema for editors (schema/scenario.schema.json) is generated from these definitions.
 */
import { z } from 'zod';

const uint = z.number().int().min(0);
const time = uint.describe('absolute time in trace clock ticks (nanoseconds with the default frequency of 1e9)');

export const FrameSchema = z
  .object({
    func: z.string().describe('function name, e.g. "main.worker"'),
    file: z.string().describe('source file path'),
    line: uint.describe('line number'),
    pc: uint.optional().describe('program counter; when omitted one is assigned per distinct func/file/line'),
  })
  .strict();

export const StackSchema = z.array(FrameSchema).describe('call stack, innermost frame first');

const stack = StackSchema.optional();
/**
 * Every event: its name (a ThreadWriter method), its fields and a description. Built twice: as the
 * per-thread events of `threads[].events`, and with a `thread` field for the flat `events` list
 * (separate branches rather than an intersection, so the JSON Schema stays exact).
 */
function events<T extends z.ZodRawShape>(extra: T) {
  const ev = <N extends string, S extends z.ZodRawShape>(name: N, shape: S, doc: string) =>
    z.object({ event: z.literal(name), time, ...extra, ...shape }).strict().describe(doc);
  return [
    ev('procStart', { p: uint }, 'the thread acquires idle proc p'),
    ev('procStop', {}, "the thread's proc stops"),
    ev('procSteal', { p: uint, from: uint.describe('thread the proc is taken from') }, 'the thread takes proc p from thread `from`, whose goroutine is in a syscall'),
    ev('goCreate', { g: uint, start: stack, stack }, 'goroutine g is created, runnable; start = its start location'),
    ev('goCreateBlocked', { g: uint, start: stack, stack }, 'goroutine g is created, blocked (version ≥ 23)'),
    ev('goCreateSyscall', { g: uint }, 'goroutine g appears on this thread in a syscall (C calling Go)'),
    ev('goStart', { g: uint }, 'runnable goroutine g starts running on this thread'),
    ev('goStop', { reason: z.string().optional(), stack }, 'the running goroutine yields (e.g. "runtime.Gosched", "preempted")'),
    ev('goBlock', { reason: z.string().optional(), stack }, 'the running goroutine blocks (e.g. "chan receive", "sync", "sleep")'),
    ev('goUnblock', { g: uint, stack }, 'waiting goroutine g becomes runnable'),
    ev('goDestroy', {}, 'the running goroutine exits'),
    ev('goDestroySyscall', {}, 'the goroutine in a syscall on this thread exits (C thread leaving Go)'),
    ev('goSyscallBegin', { stack }, 'the running goroutine enters a syscall'),
    ev('goSyscallEnd', {}, 'the syscall returns, proc still held'),
    ev('goSyscallEndBlocked', {}, 'the syscall returns after the proc was stolen or stopped'),
    ev('goSwitch', { g: uint }, 'coroutine switch to waiting goroutine g (version ≥ 23)'),
    ev('goSwitchDestroy', { g: uint }, 'coroutine switch to g; the current goroutine exits (version ≥ 23)'),
    ev('stwBegin', { kind: z.string(), stack }, 'stop-the-world begins (kind e.g. "GC mark termination")'),
    ev('stwEnd', {}, 'stop-the-world ends'),
    ev('gcBegin', { stack }, 'GC mark phase begins'),
    ev('gcEnd', {}, 'GC mark phase ends'),
    ev('gcSweepBegin', { stack }, "sweeping begins on the thread's proc"),
    ev('gcSweepEnd', { swept: uint.optional(), reclaimed: uint.optional() }, 'sweeping ends'),
    ev('gcMarkAssistBegin', { stack }, 'the running goroutine starts a mark assist'),
    ev('gcMarkAssistEnd', {}, 'the mark assist ends'),
    ev('heapAlloc', { bytes: uint }, 'live heap bytes'),
    ev('heapGoal', { bytes: uint }, 'heap goal bytes'),
    ev('gomaxprocs', { procs: uint, stack }, 'GOMAXPROCS changed'),
    ev('goLabel', { label: z.string() }, 'label the running goroutine'),
    ev('taskBegin', { task: uint, parent: uint.optional(), name: z.string(), stack }, 'runtime/trace task begins'),
    ev('taskEnd', { task: uint, stack }, 'runtime/trace task ends'),
    ev('regionBegin', { task: uint.optional(), name: z.string(), stack }, 'runtime/trace region begins (task 0 = background)'),
    ev('regionEnd', { task: uint.optional(), name: z.string(), stack }, 'innermost region ends'),
    ev('log', { task: uint.optional(), category: z.string().optional(), message: z.string(), stack }, 'runtime/trace log message'),
    ev(
      'experimental',
      {
        name: z.enum(['Span', 'SpanAlloc', 'SpanFree', 'HeapObject', 'HeapObjectAlloc', 'HeapObjectFree', 'GoroutineStack', 'GoroutineStackAlloc', 'GoroutineStackFree']),
        args: z.array(uint),
      },
      'AllocFree experimental event with its arguments after dt (version ≥ 23)',
    ),
  ] as const;
}

export const EventSchema = z.discriminatedUnion('event', events({}));
export const FlatEventSchema = z.discriminatedUnion('event', events({ thread: uint.describe('thread writing the event') }));

export const ThreadSchema = z
  .object({
    id: uint.describe('OS thread ID written in batch headers'),
    events: z.array(EventSchema).describe("the thread's events, in time order"),
  })
  .strict();


export const ScenarioSchema = z
  .object({
    $schema: z.string().optional(),
    description: z.string().optional(),
    version: z.union([z.literal(22), z.literal(23), z.literal(25), z.literal(26)]).optional().describe('trace version (default 26)'),
    frequency: z.number().int().positive().optional().describe('ticks per second (default 1e9: times are nanoseconds)'),
    firstGeneration: z.number().int().positive().optional().describe('number of the first generation (default 1)'),
    generations: z.array(time).optional().describe('times at which a new generation starts'),
    generationPeriod: z.union([z.number().int().positive(), z.literal(false)]).optional().describe('also advance automatically after this many ticks (default: never)'),
    procs: z
      .array(z.object({ id: uint, status: z.enum(['running', 'idle', 'syscall']), thread: uint.optional() }).strict())
      .optional()
      .describe('procs as they are when the trace starts (procs not listed start idle)'),
    gc: z.enum(['running', 'stopped']).optional().describe('whether a GC mark phase is in progress when the trace starts (default stopped)'),
    goroutines: z
      .array(z.object({ id: uint, status: z.enum(['runnable', 'running', 'syscall', 'waiting']), thread: uint.optional() }).strict())
      .optional()
      .describe('goroutines that exist when the trace starts'),
    threads: z.array(ThreadSchema).optional().describe('threads and their events; events of all threads are merged by time'),
    events: z.array(FlatEventSchema).optional().describe('alternatively, one list of events naming their thread, in the order they happened'),
    cpuSamples: z
      .array(z.object({ time, thread: uint, p: uint.optional(), g: uint.optional(), stack: StackSchema }).strict())
      .optional()
      .describe('CPU profile samples'),
  })
  .strict();

export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioEvent = z.infer<typeof EventSchema>;
export type ScenarioFrame = z.infer<typeof FrameSchema>;

/** The JSON Schema (draft 2020-12) of the scenario format. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const s = z.toJSONSchema(ScenarioSchema, { io: 'input', reused: 'ref' }) as Record<string, unknown>;
  return { ...s, title: 'gotrace scenario', description: 'A Go execution trace described as threads and their events (@gotrace/encoder).' };
}
