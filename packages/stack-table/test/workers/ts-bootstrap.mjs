// Worker entry that makes TypeScript importable in a worker thread (tsx's loader is not
// inherited by workers), then runs the .ts module named in workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
