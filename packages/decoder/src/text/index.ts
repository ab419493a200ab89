export * from './quote.js';
export * from './unquote.js';
export * from './writer.js';
export * from './reader.js';
export * from './stream.js';
export * from './txtar.js';
export * from './byte-writer.js';
