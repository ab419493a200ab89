export * from './errors.js';
export * from './u64.js';
export * from './ids.js';
export * from './frame.js';
export * from './sink.js';
