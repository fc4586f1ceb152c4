/**
 * A render process (see render-process.ts): renders what its parent sends, one at a time, and
 * answers with the bytes or the failure in words. Started by Node's `fork` it talks over the IPC
 * channel and lives only as long as that channel: a parent that dies (SIGKILL included) takes it
 * along. Started by Electron's utilityProcess (the desktop app) it talks over
 * `process.parentPort`, and Electron ends it with the app.
 */
import { render } from './render.js';
import { asBuffer, replyOfError, type RenderJob, type RenderReply } from './render-process.js';

/** Electron's port to the parent, present only in a utility process. */
interface ParentPort {
  on(event: 'message', listener: (event: { data: RenderJob }) => void): void;
  postMessage(message: RenderReply): void;
}

function run(job: RenderJob, send: (reply: RenderReply) => void): void {
  send({ id: job.id, started: true });
  render({ bytes: asBuffer(job.bytes), format: job.format }, job.spec, job.options)
    .then(
      (out): RenderReply => ({ id: job.id, ok: true, ...out }),
      (error: unknown) => replyOfError(job.id, error),
    )
    .then(send);
}

const parentPort = (process as { parentPort?: ParentPort }).parentPort;
if (parentPort) {
  parentPort.on('message', ({ data }) => run(data, (reply) => parentPort.postMessage(reply)));
} else {
  process.on('disconnect', () => process.exit(0));
  process.on('message', (job: RenderJob) => run(job, (reply) => process.send!(reply)));
}
