import { parentPort } from 'node:worker_threads';
import { runImportTask, type ImportTask } from './import-task.ts';
import type { WorkerMessage } from './read-in-worker.ts';

/**
 * The import worker's entry (see read-in-worker.ts): reads CRM files off the main thread, one per
 * message, so that detection and failover keep their beat however large or hostile the file.
 */

/** Progress at most this often: the panel needs a moving figure, not a message per row. */
const PROGRESS_MS = 100;

const port = parentPort;
if (!port) throw new Error('import-worker.ts runs as a worker thread only');
port.on('message', (task: ImportTask) => {
  let lastProgress = 0;
  const post = (message: WorkerMessage) => port.postMessage(message);
  try {
    const answer = runImportTask(task, (done, total) => {
      const now = performance.now();
      if (now - lastProgress < PROGRESS_MS && done < total) return;
      lastProgress = now;
      post({ type: 'progress', done, total });
    });
    post({ type: 'answer', answer });
  } catch (error) {
    post({ type: 'failed', message: (error as Error).message });
  }
});
