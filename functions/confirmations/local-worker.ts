import { InProcessJobQueue } from '../adapters/queue/in-process-job-queue'
import { runConfirmationJob, type ConfirmationDeps, type ConfirmationJob } from '../core/confirmation'
import type { ConfirmationQueue } from '../core/ports'

/**
 * The confirmation worker in this process (`npm start`, the tests, the bench), where AWS runs the
 * confirmations function on an SQS queue. `queue` is the app's own (Deps.confirmations): an in-process
 * queue whenever CONFIRMATION_QUEUE_URL is unset.
 */
export function startLocalConfirmations(
  deps: ConfirmationDeps & { confirmations: ConfirmationQueue },
): InProcessJobQueue<ConfirmationJob> {
  const queue = deps.confirmations
  if (!(queue instanceof InProcessJobQueue)) {
    throw new Error(
      'CONFIRMATION_QUEUE_URL is set: the confirmations function consumes that queue, not this process',
    )
  }
  const jobs = queue as InProcessJobQueue<ConfirmationJob>
  jobs.start((job) => runConfirmationJob(deps, job))
  return jobs
}
