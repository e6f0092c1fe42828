// Entry of a history-loss helper thread (see history-loss-threads.ts): a worker does not inherit the main thread's
// TypeScript loader, so it loads the TypeScript module through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./history-loss-worker.ts', import.meta.url);
