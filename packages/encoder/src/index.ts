export * from './wire-writer.js';
