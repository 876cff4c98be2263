// A worker thread that runs a TypeScript module of the benchmarks: tsx's loader is registered in this
// thread first (a worker does not inherit it), then the module named by workerData.file is imported.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.file);
