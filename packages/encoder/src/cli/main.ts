/**
 * The `gotrace` command line. Exit codes: 0 ok, 1 bad input or an output that cannot be written
 * (one line on stderr, no stack dump), 2 usage, 3 internal error (a bug: please report it).
 */
import yargs from 'yargs';
import { GotraceError } from '@gotrace/decoder';
import { encodeCommand } from './commands/encode.js';
import { decodeCommand } from './commands/decode.js';
import { eventsCommand } from './commands/events.js';
import { dumpCommand } from './commands/dump.js';
import { validateCommand } from './commands/validate.js';
import { collectStats, formatStats } from './commands/stats.js';
import { stacksCommand } from './commands/stacks.js';
import { TRACE_VERSIONS, isLimitValue } from '@gotrace/decoder/format';
import { OutputError, UsageError } from './io.js';
import { MAX_JSON_BYTES } from '../scenario/index.js';

export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

function report(e: unknown): number {
  if (e instanceof UsageError) {
    process.stderr.write(`gotrace: ${e.message}\n`);
    return EXIT_USAGE;
  }
  if (e instanceof GotraceError || e instanceof OutputError) {
    process.stderr.write(`gotrace: ${e.message}\n`);
    return EXIT_BAD_INPUT;
  }
  process.stderr.write(
    `gotrace: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n` +
      'This is a bug in gotrace; please report it with the command and input that caused it.\n',
  );
  return EXIT_INTERNAL;
}

/** yargs reads a lone `-` positional as an empty string; carry it through under another name. */
const STDIO_TOKEN = '\u0000stdio';
const stdio = (p: string): string => (p === STDIO_TOKEN ? '-' : p);
const stdioOpt = (p: string | undefined): string | undefined => (p === undefined ? undefined : stdio(p));

/**
 * A reader that stops early (`gotrace decode x | head`) closes our stdout: that ends the command
 * quietly, as for any Unix filter, instead of surfacing as an unhandled EPIPE error.
 */
function exitQuietlyOnClosedStdout(): void {
  if (process.stdout.listenerCount('error') > 0) return;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT_OK);
    // Any other error (a full disk behind `> file`) fails the pending write, which reports it
    // (see stdoutOutput); thrown from here it would escape as an uncaught exception.
  });
}

export async function main(argv: string[]): Promise<number> {
  exitQuietlyOnClosedStdout();
  let code = EXIT_OK;
  const cli = yargs(argv.map((x) => (x === '-' ? STDIO_TOKEN : x)))
    .scriptName('gotrace')
    .usage('$0 <command> [options]\n\nRead and write Go execution traces (Go 1.22+, trace versions 22, 23, 25, 26).')
    .command(
      'encode <input>',
      'Write a binary trace from Go\'s raw text form or a JSON scenario',
      (y) =>
        y
          .positional('input', { type: 'string', demandOption: true, describe: 'text or JSON file, or - for stdin' })
          .option('output', { alias: 'o', type: 'string', describe: 'binary trace to write, or - for stdout' })
          .option('from', { choices: ['auto', 'text', 'json', 'binary'] as const, default: 'auto' as const, describe: 'input format (auto: detected from the content)' })
          .option('batch-length', {
            choices: ['padded', 'minimal', 'preserve'] as const,
            default: 'preserve' as const,
            describe: 'batch length fields: padded to 10 bytes like the Go runtime, minimal like Go\'s raw writer, or as read (padded when unknown)',
          })
          .option('force', { alias: 'f', type: 'boolean', default: false, describe: 'overwrite an existing output file' })
          .option('trace-version', { choices: TRACE_VERSIONS, describe: 'JSON scenarios: trace version to write (default: the scenario\'s, else 26)' })
          .option('max-json-bytes', { type: 'number', default: MAX_JSON_BYTES, describe: 'JSON scenarios: the largest input read, in bytes' })
          .example('$0 encode trace.txt -o trace.out', 'text → binary (byte-identical to the runtime\'s file it came from)')
          .example('$0 encode scenario.json -o pool.trace', 'JSON scenario → binary')
          .example('$0 decode in.trace | $0 encode - -o out.trace', 'round trip through text'),
      async (a) => {
        code = await run(async () => {
          const maxJsonBytes = a['max-json-bytes'];
          // The API's own rule (limitOption's), reported as a usage error: exit 2.
          if (!isLimitValue(maxJsonBytes)) throw new UsageError('--max-json-bytes takes a whole number ≥ 0');
          await encodeCommand({
            input: stdio(a.input), output: stdioOpt(a.output), from: a.from, batchLength: a['batch-length'], force: a.force, version: a['trace-version'], maxJsonBytes,
          });
        });
      },
    )
    .command(
      'decode <input>',
      'Print a binary trace in Go\'s raw text form (as `gotraceraw bytes2text`)',
      (y) =>
        y
          .positional('input', { type: 'string', demandOption: true, describe: 'binary trace, or - for stdin' })
          .option('output', { alias: 'o', type: 'string', describe: 'text file to write (default: stdout)' })
          .option('force', { alias: 'f', type: 'boolean', default: false, describe: 'overwrite an existing output file' })
          .option('go-readable', {
            type: 'boolean',
            default: false,
            describe: 'print data="" for empty strings: Go prints no data line there and its own text reader then rejects its output',
          })
          .example('$0 decode fixtures/traces/mixed-go126.trace | head', 'show the first events'),
      async (a) => {
        code = await run(() => decodeCommand({ input: stdio(a.input), output: stdioOpt(a.output), force: a.force, emptyData: a['go-readable'] }));
      },
    )
    .command(
      'dump <input>',
      'Print every event as Go\'s reader sees it (x/exp/trace Event.String()), ordered and validated',
      (y) =>
        y
          .positional('input', { type: 'string', demandOption: true, describe: 'binary trace, or - for stdin' })
          .option('output', { alias: 'o', type: 'string', describe: 'file to write (default: stdout)' })
          .option('json', { type: 'boolean', default: false, describe: 'one JSON object per line (NDJSON), stable field names' })
          .option('salvage', { type: 'boolean', default: false, describe: 'keep every complete generation before damage; report what was lost' })
          .option('force', { alias: 'f', type: 'boolean', default: false, describe: 'overwrite an existing output file' })
          .example('$0 dump app.trace | grep StateTransition', 'goroutine and proc state changes')
          .example('$0 dump --json app.trace | jq .kind', 'NDJSON for scripts'),
      async (a) => {
        code = await run(() => dumpCommand({ input: stdio(a.input), output: stdioOpt(a.output), json: a.json, salvage: a.salvage, force: a.force }));
      },
    )
    .command(
      'validate <input>',
      'Check a trace as Go\'s reader does: exit 0 if Go would accept it, else 1 with Go\'s message',
      (y) =>
        y
          .positional('input', { type: 'string', demandOption: true, describe: 'binary trace, or - for stdin' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print nothing on success' }),
      async (a) => {
        code = await run(() => validateCommand({ input: stdio(a.input), quiet: a.quiet }));
      },
    )
    .command(
      'stats <input>',
      'Events per type and kind, bytes per event type (like go tool trace -d=footprint), generations, goroutines, procs, threads, duration',
      (y) =>
        y
          .positional('input', { type: 'string', demandOption: true, describe: 'binary trace file' })
          .option('json', { type: 'boolean', default: false, describe: 'print the numbers as JSON' }),
      async (a) => {
        code = await run(async () => {
          const s = await collectStats(stdio(a.input));
          process.stdout.write(a.json ? JSON.stringify(s, null, 2) + '\n' : formatStats(s));
          if (s.error) process.stderr.write(`gotrace: the trace is broken: ${s.error}\n`);
          if (s.error) throw new TraceBrokenError(s.error);
        });
      },
    )
    .command(
      'stacks <input>',
      'The most frequent stacks of the events, with their frames',
      (y) =>
        y
          .positional('input', { type: 'string', demandOption: true, describe: 'binary trace, or - for stdin' })
          .option('top', { alias: 'n', type: 'number', default: 10, describe: 'how many stacks to show' }),
      async (a) => {
        code = await run(async () => {
          if (!Number.isInteger(a.top) || a.top < 1) throw new UsageError('--top takes a whole number ≥ 1');
          process.stdout.write(await stacksCommand({ input: stdio(a.input), top: a.top }));
        });
      },
    )
    .command(
      'events [name]',
      'List the event types of the format (argument names in wire order), from the event table',
      (y) =>
        y
          .positional('name', { type: 'string', describe: 'show only this event type' })
          .option('trace-version', { choices: TRACE_VERSIONS, describe: 'only the types this trace version defines' })
          .example('$0 events GoCreate', 'arguments of one event type'),
      async (a) => {
        code = await run(async () => {
          process.stdout.write(eventsCommand({ name: a.name, version: a['trace-version'] }));
        });
      },
    )
    .demandCommand(1, 'name a command (see --help)')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      // Throwing (not just printing) stops yargs here: with exitProcess(false) it would otherwise
      // go on to run the command's handler with the arguments it just rejected.
      throw new UsageError(`${msg}\nRun 'gotrace --help' for usage.`);
    });
  try {
    await cli.parseAsync();
  } catch (e) {
    return report(e);
  }
  return code;
}

/** stats printed what it could of a broken trace; the exit code still says it is broken. */
class TraceBrokenError extends GotraceError {
  constructor(message: string) {
    super('broken-trace', message);
  }
}

async function run(f: () => Promise<void>): Promise<number> {
  try {
    await f();
    return EXIT_OK;
  } catch (e) {
    return report(e);
  }
}
