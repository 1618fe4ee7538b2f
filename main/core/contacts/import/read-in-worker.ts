import { Worker } from 'node:worker_threads';
import type { ContactDraft } from '../contact.ts';
import type { ImportTask, ImportTaskAnswer } from './import-task.ts';

/** From the worker: progress, then a parsed file's drafts in slices, then the answer (its drafts left out). */
export type WorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'drafts'; drafts: ContactDraft[] }
  | { type: 'answer'; answer: ImportTaskAnswer }
  | { type: 'failed'; message: string };

/**
 * Where the worker's code is. Run from source (Node 24 strips the types: tests, the Chromium
 * shell) this module is a .ts file and the worker is its sibling import-worker.ts. In the Electron
 * build esbuild bundles all of main into dist/electron/main.mjs, so import.meta.url is that file;
 * scripts/build-electron.ts bundles the worker as an entry of its own beside it, under this name.
 */
const WORKER_URL = import.meta.url.endsWith('.ts')
  ? new URL('./import-worker.ts', import.meta.url)
  : new URL('./contacts-import-worker.mjs', import.meta.url);

interface Pending {
  onProgress: (done: number, total: number) => void;
  drafts: ContactDraft[];
  resolve: (answer: ImportTaskAnswer) => void;
  reject: (error: Error) => void;
}

/**
 * Reads CRM files (import or preview) on a worker thread, so that parsing and checking every row
 * never runs on the main thread. The thread starts with the first file and is kept for the next
 * (loading the parsers takes longer than reading a small file); one file at a time. A thread that
 * dies fails its file and is replaced by the next one.
 */
export class ImportReader {
  #worker: Worker | null = null;
  #pending: Pending | null = null;
  /** Files wait for the one before: the worker reads one at a time. */
  #last: Promise<unknown> = Promise.resolve();

  read(task: ImportTask, onProgress: (done: number, total: number) => void): Promise<ImportTaskAnswer> {
    const turn = this.#last.then(
      () =>
        new Promise<ImportTaskAnswer>((resolve, reject) => {
          this.#pending = { onProgress, drafts: [], resolve, reject };
          const worker = this.#thread();
          // A file being read keeps the process alive; an idle thread does not.
          worker.ref();
          worker.postMessage(task);
        }),
    );
    this.#last = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /** Ends the thread (a file being read fails). */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    await worker?.terminate();
  }

  #thread(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(WORKER_URL);
    worker.on('message', (message: WorkerMessage) => {
      const pending = this.#pending;
      if (!pending) return;
      if (message.type === 'progress') {
        pending.onProgress(message.done, message.total);
        return;
      }
      if (message.type === 'drafts') {
        for (const draft of message.drafts) pending.drafts.push(draft);
        return;
      }
      this.#pending = null;
      worker.unref();
      if (message.type === 'failed') {
        pending.reject(new Error(`reading the file failed: ${message.message}`));
        return;
      }
      if ('parsed' in message.answer) message.answer.parsed.drafts = pending.drafts;
      pending.resolve(message.answer);
    });
    const lost = (error: Error) => {
      if (this.#worker === worker) this.#worker = null;
      this.#pending?.reject(error);
      this.#pending = null;
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the import worker stopped (exit code ${code})`)));
    this.#worker = worker;
    return worker;
  }
}
