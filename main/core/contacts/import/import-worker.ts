import { parentPort } from 'node:worker_threads';
import { runImportTask, type ImportTask } from './import-task.ts';
import type { WorkerMessage } from './read-in-worker.ts';

/**
 * The import worker's entry (see read-in-worker.ts): reads CRM files off the main thread, one per
 * message, so that detection and failover keep their beat however large or hostile the file.
 */

/** Progress at most this often: the panel needs a moving figure, not a message per row. */
const PROGRESS_MS = 100;
const DRAFTS_PER_MESSAGE = 2_000;

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
    // The drafts go ahead in slices: the main thread takes each message in one go, and 100,000
    // drafts in one would hold it for the time it takes to rebuild them all.
    if ('parsed' in answer) {
      const { drafts } = answer.parsed;
      for (let start = 0; start < drafts.length; start += DRAFTS_PER_MESSAGE) {
        post({ type: 'drafts', drafts: drafts.slice(start, start + DRAFTS_PER_MESSAGE) });
      }
      answer.parsed.drafts = [];
    }
    post({ type: 'answer', answer });
  } catch (error) {
    post({ type: 'failed', message: (error as Error).message });
  }
});
