export * from './varint.js';
export * from './header.js';
export * from './raw-event.js';
export * from './raw-cursor.js';
export * from './raw-reader.js';
export * from './source.js';
export { ChunkBuffer } from './chunk-buffer.js';
export * from './batches.js';
export { concatBytes } from './bytes.js';
