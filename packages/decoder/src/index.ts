export * from './errors.js';
export * from './format/index.js';
export * from './wire/index.js';
export * from './text/index.js';
// Ordered, validated reading (issue 4).
export * from './validation-error.js';
export * from './states.js';
export {
  Event,
  EventKind,
  NoTask,
  BackgroundTask,
  NoGoroutine,
  NoProc,
  NoThread,
  resolveStack,
  type TraceEvent,
  type SyncEvent,
  type MetricEvent,
  type LabelEvent,
  type StackSampleEvent,
  type RangeBeginEvent,
  type RangeActiveEvent,
  type RangeEndEvent,
  type TaskBeginEvent,
  type TaskEndEvent,
  type RegionBeginEvent,
  type RegionEndEvent,
  type LogEvent,
  type StateTransitionEvent,
  type ExperimentalEventKind,
  type ResourceID,
  type ResourceKind,
  type Value,
  type Metric,
  type Label,
  type Range,
  type RangeAttribute,
  type Task,
  type Region,
  type Log,
  type StateTransition,
  type ClockSnapshot,
  type SyncInfo,
  type ExperimentalEvent,
} from './event.js';
export { rfc3339Nano } from './event-string.js';
export type { ExperimentalBatch } from './generation.js';
export type { I64 } from './internal/num.js';
export {
  TraceReader,
  TraceReaderSync,
  openTrace,
  readTraceSync,
  validateTrace,
  validateTraceSync,
  type ReadOptions,
  type ValidationResult,
} from './reader.js';
export type { SalvageReport } from './salvage.js';
// File paths (Node only) live in './node.js', outside this browser-safe entry point.
export { eventToJSON } from './event-json.js';
