import type { ConfirmationDeps, FollowUpOutcome, WelcomeJob } from './confirmation'
import { ConflictError } from './errors'
import { listId } from './list-id'
import { feedbackTags } from './mail-stream'
import type { Subscriber } from './subscriber'
import { subscriberLinks } from './subscriber-links'

/** How many articles the welcome email shows: the latest published ones. */
export const WELCOME_ARTICLES = 3

/**
 * The welcome email a confirmation earns, sent by the confirmation worker (confirm() only queues the job,
 * so the click's answer never waits on SES). At most once per confirmation: the subscriber record is marked
 * with the confirmation it welcomes (welcomedConfirmationAt, a conditional write) before the email goes, so
 * a job delivered twice, even to two workers at once, sends one email. A failed send takes the mark back and
 * throws, so the queue retries; only a crash between the mark and the send loses the email, which for a
 * welcome is the better failure than sending it twice.
 *
 * sent: it went out. nothing-due: this confirmation was welcomed already. gone: the subscriber left, was
 * erased or suppressed, or confirmed again since (that confirmation has its own job).
 */
export async function welcomeSubscriber(deps: ConfirmationDeps, job: WelcomeJob): Promise<FollowUpOutcome> {
  const claimed = await claimWelcome(deps, job)
  if (typeof claimed === 'string') return claimed
  const { preferencesUrl, unsubscribeUrl } = subscriberLinks(deps, claimed)
  try {
    const articles = await deps.articles.listPublished({ limit: WELCOME_ARTICLES })
    const email = deps.renderWelcome({
      lang: claimed.lang,
      publication: deps.publication,
      articles,
      preferencesUrl,
      unsubscribeUrl,
    })
    await deps.mailer.send({
      to: claimed.email,
      ...email,
      listUnsubscribe: {
        url: unsubscribeUrl,
        ...(deps.listUnsubscribeMailto !== undefined && { mailto: deps.listUnsubscribeMailto }),
      },
      headers: { 'List-Id': listId(deps.publication) },
      tags: feedbackTags('welcome'),
    })
  } catch (error) {
    await releaseWelcome(deps, claimed, job)
    throw error
  }
  return 'sent'
}

/** Marks the subscriber as welcomed for this confirmation; the marked record, or why no email is due. */
async function claimWelcome(
  deps: ConfirmationDeps,
  job: WelcomeJob,
): Promise<Subscriber | 'nothing-due' | 'gone'> {
  for (let attempt = 1; ; attempt++) {
    const current = await deps.subscribers.get(job.subscriberId)
    if (current === undefined || current.state !== 'confirmed' || current.confirmedAt !== job.confirmedAt) {
      return 'gone'
    }
    if (current.welcomedConfirmationAt === job.confirmedAt) return 'nothing-due'
    const marked: Subscriber = {
      ...current,
      welcomedConfirmationAt: job.confirmedAt,
      updatedAt: deps.clock.now().toISOString(),
      revision: current.revision + 1,
    }
    try {
      await deps.subscribers.replace(marked, current.revision)
      return marked
    } catch (error) {
      // Another writer came first (a preferences change, the same job elsewhere): read and decide again.
      if (!(error instanceof ConflictError) || attempt >= 3) throw error
    }
  }
}

/** Takes the mark back after a failed send, unless the record changed meanwhile (then the retry re-reads). */
async function releaseWelcome(deps: ConfirmationDeps, marked: Subscriber, job: WelcomeJob): Promise<void> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const current = await deps.subscribers.get(marked.id)
    if (current?.welcomedConfirmationAt !== job.confirmedAt) return
    const { welcomedConfirmationAt: _welcomed, ...released } = current
    try {
      await deps.subscribers.replace({ ...released, revision: current.revision + 1 }, current.revision)
      return
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error
    }
  }
}
