// Entry of the upload worker (see parse-off-thread.ts): plain JavaScript, so that it starts the
// same way under the server (bin/ntm.mjs runs TypeScript through tsx), tsx and Vitest: it
// registers tsx in this thread, then runs the TypeScript job.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runXlsxJob } = await import('./xlsx-read.ts');
parentPort.postMessage(await runXlsxJob(workerData));
