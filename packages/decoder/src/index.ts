export * from './errors.js';
export * from './format/index.js';
export * from './wire/index.js';
export * from './text/index.js';
