export * from './wire-writer.js';
export { TraceWriter, type TraceWriterOptions, type ClockOption } from './trace-writer.js';
export { ThreadWriter, type ExperimentalEventName } from './thread-writer.js';
export { StrictModeError, TraceWriterError, STRICT_RULES, type StrictRule } from './strict/errors.js';
export type { GoStatusName, ProcStatusName } from './model.js';
export * from './scenario/index.js';
