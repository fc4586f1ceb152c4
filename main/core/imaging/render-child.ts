/**
 * A render process (see render-process.ts): renders what its parent sends, one at a time, and
 * answers with the bytes or the failure in words. It lives only as long as its parent's channel:
 * a parent that dies (SIGKILL included) takes it along.
 */
import { CodedError } from '../../../shared/contract/errors.js';
import { render } from './render.js';
import { asBuffer, type RenderJob, type RenderReply } from './render-process.js';

process.on('disconnect', () => process.exit(0));

process.on('message', (job: RenderJob) => {
  process.send!({ id: job.id, started: true } satisfies RenderReply);
  render({ bytes: asBuffer(job.bytes), format: job.format }, job.spec, job.options)
    .then(
      (out): RenderReply => ({ id: job.id, ok: true, ...out }),
      (error: unknown): RenderReply => ({
        id: job.id,
        ok: false,
        code: error instanceof CodedError ? error.code : undefined,
        message: error instanceof Error ? error.message : String(error),
        cause: error instanceof Error && error.cause ? String(error.cause) : undefined,
      }),
    )
    .then((reply) => process.send!(reply));
});
