export * from './versions.js';
export * from './enums.js';
export * from './events.js';
export * from './limits.js';
