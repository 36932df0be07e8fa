import { createHash } from 'node:crypto'
import type { Article } from './article'
import type { Digest, DeliveryBatch, DigestSkip } from './digest'
import { articleProblem } from './digest-article'
import { isDue, periodOf } from './digest-calendar'
import { digestSkip, errorReason, planningProblem, reportingSlot, SKIP_RETENTION_MS } from './digest-skips'
import { PlanningLeases, type PlanningLeaseDeps } from './planning-lease'
import type {
  ArticleStore,
  BatchQueue,
  Clock,
  DigestStore,
  RenderDigestVariant,
  SubscriberStore,
  WarmUpStore,
} from './ports'
import { reconcileDigest } from './reconcile-digest'
import type { Subscriber } from './subscriber'
import { carriedOrder, warmUpDay, type WarmUpSchedule } from './warm-up'

export type DigestCadence = 'daily' | 'weekly' | 'instant'

export type { RenderDigestVariant } from './ports'

export interface PlanDeps {
  subscribers: SubscriberStore
  articles: ArticleStore
  digests: DigestStore
  queue: BatchQueue
  clock: Clock
  renderVariant: RenderDigestVariant
  /** Waits for another run's planning lease (a real timer at the entry points). */
  sleep: PlanningLeaseDeps['sleep']
  /** Makes this run's lease holder id (randomUUID at the entry points). */
  newId: PlanningLeaseDeps['newId']
  /**
   * The warm-up cap (decision 024): its counter and carry-over queue, the schedule (absent: no cap, but a
   * queue left by an earlier cap is still emptied) and the zone its days are counted in.
   */
  warmUp?: { store: WarmUpStore; schedule?: WarmUpSchedule; timeZone: string }
}

export interface PlanOptions {
  cadence: DigestCadence
  /** Plan everyone on the cadence now, whatever their delivery hour (npm run digest, the admin API). */
  force?: boolean
  batchSize?: number
}

export interface PlanSummary {
  digests: string[]
  considered: number
  planned: number
  /** Planned earlier but not yet sent: queued again, in case the earlier run died before queueing them. */
  requeued: number
  nothingNew: number
  notDue: number
  variants: number
  /** Subscribers left out because their record cannot be planned or their digest cannot be rendered. */
  skippedSubscribers: number
  /** When the newest published article came out (none published: absent); says why there was nothing new. */
  newestArticleAt?: string
  /**
   * What this run left out and why, with the digest it is recorded on (none for an instant email, which
   * has no digest until it is planned); at most MAX_SKIPS_LISTED, the digests' status has them all.
   */
  skipped: (DigestSkip & { digestId?: string })[]
  /**
   * Under a warm-up schedule: the day (publication time zone), its cap (absent once the schedule is over),
   * the messages planned on it so far by every run, and how many subscribers of this cadence wait for a later run.
   */
  warmUp?: { day: string; cap?: number; plannedToday: number; waiting: number }
}

// The newest articles a digest can draw from; a digest is for what happened since the last one.
const ARTICLE_WINDOW = 200
const PAGE_SIZE = 500
const DAY_MS = 24 * 3600_000
// A digest's ledger guards its sends, which end within days (retries, then the dead-letter queue); kept a
// good while longer for operators, then left to DynamoDB's TTL so the table does not grow by an item per
// email forever.
const LEDGER_RETENTION_MS = 180 * DAY_MS
// Subscribers whose cursors and ledger entries are read together (BatchGetItem takes 100 keys).
const READ_CHUNK = 100
const MAX_SKIPS_LISTED = 100

/**
 * Decides who gets which digest now, renders each variant once, records a planned delivery per recipient
 * (conditional, so planning the same window twice adds nobody twice) and queues recipient batches.
 * Pages through the audience; never holds the whole list.
 */
export async function planDigests(deps: PlanDeps, options: PlanOptions): Promise<PlanSummary> {
  const now = deps.clock.now()
  const batchSize = options.batchSize ?? 50
  const summary: PlanSummary = {
    digests: [],
    considered: 0,
    planned: 0,
    requeued: 0,
    nothingNew: 0,
    notDue: 0,
    variants: 0,
    skippedSubscribers: 0,
    skipped: [],
  }
  // An article that cannot go in a digest is left out of every digest, alone (see digest-skips.ts).
  const published = await deps.articles.listPublished({ limit: ARTICLE_WINDOW })
  const unusable = new Map<Article, string>()
  for (const article of published) {
    const problem = articleProblem(article)
    if (problem !== undefined) unusable.set(article, problem)
  }
  const recent = published.filter((article) => !unusable.has(article))
  const newest = published[0]?.publishedAt
  if (typeof newest === 'string') summary.newestArticleAt = newest
  const digests = new Map<string, Digest>()
  // Promises, not values: subscribers are planned several at a time, and two of them needing the same
  // digest or variant must share one creation (one MJML compile per variant).
  const variants = new Map<string, Promise<string | undefined>>() // digest id + language + articles -> variant id
  const digestCreations = new Map<string, Promise<Digest>>()
  const pending = new Map<string, DeliveryBatch>()
  const plannedPerDigest = new Map<string, number>()
  const queued = new Set<string>() // digest id + subscriber id, queued in this run
  // What this run leaves out, per digest (undefined: an instant email, which has no digest yet), recorded on
  // the digests before their ledgers are walked; keyed by kind and id, so each is listed once.
  const skips = new Map<string | undefined, { period: string; entries: Map<string, DigestSkip> }>()
  const leaveOut = (
    digest: { id: string; period: string } | undefined,
    kind: DigestSkip['kind'],
    id: string,
    reason: string,
  ) => {
    const entry = digestSkip(kind, id, reason, now)
    const forDigest = skips.get(digest?.id) ?? { period: digest?.period ?? '', entries: new Map() }
    forDigest.entries.set(`${kind}#${entry.id}`, entry)
    skips.set(digest?.id, forDigest)
  }

  const flush = async (key: string) => {
    const batch = pending.get(key)
    if (batch === undefined || batch.subscriberIds.length === 0) return
    pending.delete(key)
    await deps.queue.send([batch])
  }

  const looked = new Map<string, Promise<void>>()
  const touch = (digestId: string) => {
    let look = looked.get(digestId)
    if (look === undefined) {
      look = deps.digests.getDigest(digestId).then((existing) => {
        if (existing !== undefined && !digests.has(digestId)) digests.set(digestId, existing)
      })
      looked.set(digestId, look)
    }
    return look
  }

  // One planning run at a time per digest, so that this run may read which subscribers have no delivery
  // yet and then add theirs with batch writes, 25 per request (see planning-lease.ts).
  const leases = new PlanningLeases(deps)

  const digestFor = (digestId: string, period: string) => {
    let creation = digestCreations.get(digestId)
    if (creation === undefined) {
      creation = deps.digests
        .ensureDigest({
          id: digestId,
          cadence: options.cadence,
          period,
          state: 'planning',
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
          counts: { planned: 0, sent: 0, failed: 0, skipped: 0 },
        })
        .then(async (digest) => {
          await leases.take(digestId)
          digests.set(digestId, digest)
          return digest
        })
      digestCreations.set(digestId, creation)
    }
    return creation
  }

  /** The variant id for these articles in this language, or undefined when it cannot be rendered. */
  const variantFor = (
    digest: Digest,
    lang: Subscriber['lang'],
    articles: Article[],
  ): Promise<string | undefined> => {
    const key = `${digest.id}|${lang}|${articles.map((a) => a.slug).join(',')}`
    let variant = variants.get(key)
    if (variant === undefined) {
      const variantId = createHash('sha256').update(key).digest('base64url').slice(0, 16)
      variant = (async () => {
        if ((await deps.digests.getVariant(digest.id, variantId)) === undefined) {
          let rendered: Awaited<ReturnType<RenderDigestVariant>>
          try {
            rendered = await deps.renderVariant({ digest, variantId, lang, articles })
          } catch (error) {
            return renderWithout(digest, lang, articles, error)
          }
          await deps.digests.putVariant({
            digestId: digest.id,
            id: variantId,
            lang,
            ...rendered,
            articleSlugs: articles.map((a) => a.slug),
          })
        }
        summary.variants++
        return variantId
      })()
      variants.set(key, variant)
    }
    return variant
  }

  // Why an article fails to render on its own, per language; looked for only when a variant fails.
  const aloneRenders = new Map<string, Promise<string | undefined>>()
  const renderAlone = (digest: Digest, lang: Subscriber['lang'], article: Article) => {
    const key = `${lang}|${article.slug}`
    let render = aloneRenders.get(key)
    if (render === undefined) {
      render = deps
        .renderVariant({ digest, variantId: 'check', lang, articles: [article] })
        .then(() => undefined, errorReason)
      aloneRenders.set(key, render)
    }
    return render
  }

  /**
   * A variant failed to render: the articles that fail on their own, while others render, are left out (and
   * named) and the rest rendered again. When every article fails alone (or there is only one), the fault
   * may as well be the language's template: the variant is left out, and with it its subscribers.
   */
  const renderWithout = async (
    digest: Digest,
    lang: Subscriber['lang'],
    articles: Article[],
    error: unknown,
  ): Promise<string | undefined> => {
    const reasons =
      articles.length === 1
        ? [errorReason(error)]
        : await Promise.all(articles.map((article) => renderAlone(digest, lang, article)))
    const rest = articles.filter((_, i) => reasons[i] === undefined)
    if (rest.length === 0) {
      const id = `${lang}: ${articles.map((a) => a.slug).join(', ')}`
      leaveOut(digest, 'variant', id, `cannot be rendered: ${errorReason(error)}`)
      return undefined
    }
    for (const [i, article] of articles.entries()) {
      if (reasons[i] !== undefined)
        leaveOut(digest, 'article', article.slug, `cannot be rendered: ${reasons[i]}`)
    }
    // Some render alone, so the set failed: without the ones that fail alone (if none does, the variant).
    if (rest.length < articles.length) return variantFor(digest, lang, rest)
    leaveOut(
      digest,
      'variant',
      `${lang}: ${articles.map((a) => a.slug).join(', ')}`,
      `cannot be rendered: ${errorReason(error)}`,
    )
    return undefined
  }

  const queueFor = (digestId: string, variantId: string, subscriberId: string) => {
    queued.add(`${digestId}|${subscriberId}`)
    const key = `${digestId}|${variantId}`
    const batch = pending.get(key) ?? { digestId, variantId, subscriberIds: [] }
    batch.subscriberIds.push(subscriberId)
    pending.set(key, batch)
    return batch.subscriberIds.length >= batchSize ? flush(key) : undefined
  }

  /**
   * What each of these subscribers is owed now: one BatchGetItem for 100 cursors. A subscriber without a
   * cursor starts where `firstSince` says, or where they started when they were carried over.
   */
  const wantedFor = async (chunk: Subscriber[], carriedSince = new Map<string, string>()) => {
    const cursors = await deps.digests.lastDigestsAt(
      chunk.map((subscriber) => subscriber.id),
      options.cadence,
    )
    const wanted: Wanted[] = []
    for (const subscriber of chunk) {
      const since =
        cursors.get(subscriber.id) ??
        carriedSince.get(subscriber.id) ??
        firstSince(subscriber, options.cadence, now)
      // Up to now: the sender records the digest's creation (now) as where the next one starts.
      const articles = articlesFor(subscriber, recent, since, now.toISOString())
      // A daily or weekly digest carries all of them; an instant subscriber gets one email per article.
      const period = options.cadence === 'instant' ? '' : periodOf(options.cadence, now, subscriber.timezone)
      for (const [article, problem] of unusable) {
        if (!wouldCarry(subscriber, article, since, now.toISOString())) continue
        const digest =
          options.cadence === 'instant' ? undefined : { id: `${options.cadence}-${period}`, period }
        leaveOut(digest, 'article', article.slug, problem)
      }
      if (articles.length === 0) {
        summary.nothingNew++
        continue
      }
      const groups =
        options.cadence === 'instant'
          ? articles.map((article) => ({ period: article.slug, articles: [article] }))
          : [{ period, articles }]
      for (const group of groups) {
        wanted.push({ subscriber, since, digestId: `${options.cadence}-${group.period}`, ...group })
      }
    }
    return wanted
  }

  /**
   * Adds these shares to the ledger and queues them: one BatchGetItem per digest for 100 ledgers. Returns
   * the subscribers whose deliveries are now in the ledger (added now or found there).
   */
  const planWanted = async (wanted: Wanted[]): Promise<Set<string>> => {
    const inLedger = new Set<string>()
    for (const [digestId, group] of groupBy(wanted, (w) => w.digestId)) {
      // Under this run's lease: nobody else adds deliveries to this digest between the read and the write.
      const digest = await digestFor(digestId, group[0]!.period)
      // Already planned in an earlier run: the ledger pass below queues it again if it is unfinished.
      const existing = await deps.digests.getDeliveries(
        digestId,
        group.map((w) => w.subscriber.id),
      )
      for (const id of existing.keys()) inLedger.add(id)
      const candidates = group.filter((w) => !existing.has(w.subscriber.id))
      const variantIds = await Promise.all(
        candidates.map((w) => variantFor(digest, w.subscriber.lang, w.articles)),
      )
      // Those whose digest cannot be rendered stay out of the ledger (named in the skips): a later run
      // plans them once the article or template is fixed.
      const fresh = candidates.filter((_, i) => variantIds[i] !== undefined)
      summary.skippedSubscribers += candidates.length - fresh.length
      const renderable = variantIds.filter((id) => id !== undefined)
      if (fresh.length === 0) continue
      await leases.renew(digestId)
      await deps.digests.addDeliveries(
        fresh.map((w, i) => ({
          digestId,
          subscriberId: w.subscriber.id,
          variantId: renderable[i]!,
          state: 'planned',
          attempts: 0,
        })),
        new Date(now.getTime() + LEDGER_RETENTION_MS),
      )
      summary.planned += fresh.length
      plannedPerDigest.set(digestId, (plannedPerDigest.get(digestId) ?? 0) + fresh.length)
      for (const w of fresh) inLedger.add(w.subscriber.id)
      for (const [i, w] of fresh.entries()) await queueFor(digestId, renderable[i]!, w.subscriber.id)
    }
    return inLedger
  }

  /** Who on this page gets which digest, with no cap: planned at once. */
  const planChunk = async (chunk: Subscriber[]) => {
    await planWanted(await wantedFor(chunk))
  }

  // The warm-up cap (decision 024). Under a cap, everyone owed a message is first written down in the
  // carry-over queue (oweChunk), and only then are the first in line planned, as far as the day's cap goes
  // (planCarried): a run that dies anywhere leaves nobody behind, and the cap holds across runs.
  const warmUp = deps.warmUp
  const today = warmUp?.schedule === undefined ? undefined : warmUpDay(warmUp.schedule, now, warmUp.timeZone)
  const cap = today?.cap

  /** The shares not yet in their digest's ledger: one BatchGetItem per digest for 100 subscribers. */
  const notInLedger = async (wanted: Wanted[]) => {
    const inLedger = new Set<string>()
    for (const [digestId, group] of groupBy(wanted, (w) => w.digestId)) {
      const existing = await deps.digests.getDeliveries(
        digestId,
        group.map((w) => w.subscriber.id),
      )
      for (const id of existing.keys()) inLedger.add(`${digestId}|${id}`)
    }
    return wanted.filter((w) => !inLedger.has(`${w.digestId}|${w.subscriber.id}`))
  }

  /** Under a cap: writes down the due subscribers of this chunk who are owed a message and not yet planned. */
  const oweChunk = async (chunk: Subscriber[]) => {
    const store = warmUp!.store
    // Instant: owed as long as one of their articles is not in the ledger yet.
    const owed = [...groupBy(await notInLedger(await wantedFor(chunk)), (w) => w.subscriber.id).values()].map(
      (shares) => shares[0]!,
    )
    // Someone already waiting keeps their place in the queue.
    const waiting = await store.carriedOf(
      options.cadence,
      owed.map((w) => w.subscriber.id),
    )
    await store.carry(
      options.cadence,
      owed
        .filter((w) => !waiting.has(w.subscriber.id))
        .map((w) => ({
          subscriberId: w.subscriber.id,
          order: carriedOrder(now.toISOString(), w.subscriber),
          since: w.since,
        })),
    )
  }

  /**
   * Plans the carry-over queue in its order, as far as the day's cap goes (no cap: all of it). Each page's
   * messages are reserved on the day's counter before they are added to the ledger, and a subscriber is
   * crossed off only once their deliveries are in it. A subscriber's messages are planned together or not
   * at all (an instant subscriber's several articles), so their cursor never passes an article they missed.
   */
  const planCarried = async () => {
    const store = warmUp!.store
    let cursor: string | undefined
    do {
      const page = await store.listCarried(options.cadence, {
        limit: READ_CHUNK,
        ...(cursor !== undefined && { cursor }),
      })
      cursor = page.cursor
      const records = await deps.subscribers.getMany(page.items.map((entry) => entry.subscriberId))
      const gone: string[] = []
      const usable: Subscriber[] = []
      for (const entry of page.items) {
        const subscriber = records.get(entry.subscriberId)
        // Left, changed cadence or broke since they were carried: no longer owed this cadence's message.
        const owed =
          subscriber !== undefined &&
          subscriber.state === 'confirmed' &&
          subscriber.cadence === options.cadence &&
          planningProblem(subscriber) === undefined
        if (owed) usable.push(subscriber)
        else gone.push(entry.subscriberId)
      }
      const since = new Map(page.items.map((entry) => [entry.subscriberId, entry.since]))
      const owedNow = await wantedFor(usable, since)
      if (options.cadence !== 'instant') {
        for (const digestId of new Set(owedNow.map((w) => w.digestId))) await touch(digestId)
      }
      // Already in the ledger (a run that died before crossing them off): crossed off without a reservation.
      const wanted = await notInLedger(owedNow)
      const shares = groupBy(wanted, (w) => w.subscriber.id)
      // Nothing new after all, or all of it in the ledger already.
      gone.push(...usable.filter((s) => !shares.has(s.id)).map((s) => s.id))
      let taken = [...shares.values()]
      let spent = false
      if (cap !== undefined) {
        const asked = wanted.length
        const granted = asked === 0 ? 0 : await store.reserve(today!.day, asked, cap)
        spent = granted < asked
        let left = granted
        taken = taken.filter((mine) => {
          if (mine.length > left) return false
          left -= mine.length
          return true
        })
      }
      const inLedger = await planWanted(taken.flat())
      await store.drop(options.cadence, [...gone, ...inLedger])
      if (spent) break
    } while (cursor !== undefined)
  }

  try {
    // A queue left by an earlier capped run goes first: they have waited longest.
    if (warmUp !== undefined && cap === undefined) await planCarried()
    let cursor: string | undefined
    do {
      const page = await deps.subscribers.listAudience({
        cadence: options.cadence,
        limit: PAGE_SIZE,
        ...(cursor !== undefined && { cursor }),
      })
      cursor = page.cursor
      const due: Subscriber[] = []
      for (const subscriber of page.items) {
        summary.considered++
        if (subscriber.state !== 'confirmed') continue
        // A record the planner cannot use is named once a day, at its hour (or midnight) in its zone (or UTC).
        const problem = planningProblem(subscriber)
        const slot = problem === undefined ? subscriber : { ...subscriber, ...reportingSlot(subscriber) }
        if (options.cadence !== 'instant' && !options.force && !isDue(slot, options.cadence, now)) {
          summary.notDue++
          continue
        }
        if (problem !== undefined) {
          const period = options.cadence === 'instant' ? '' : periodOf(options.cadence, now, slot.timezone)
          const digest = period === '' ? undefined : { id: `${options.cadence}-${period}`, period }
          leaveOut(digest, 'subscriber', subscriber.id, problem)
          summary.skippedSubscribers++
          continue
        }
        if (options.cadence !== 'instant') {
          // Walk this period's digest's ledger at the end even if nobody new joins it in this run.
          await touch(`${options.cadence}-${periodOf(options.cadence, now, subscriber.timezone)}`)
        }
        due.push(subscriber)
      }
      for (let start = 0; start < due.length; start += READ_CHUNK) {
        const chunk = due.slice(start, start + READ_CHUNK)
        await (cap === undefined ? planChunk(chunk) : oweChunk(chunk))
      }
    } while (cursor !== undefined)
    if (cap !== undefined) await planCarried()

    for (const [digestId, planned] of plannedPerDigest) await deps.digests.addCounts(digestId, { planned })

    // What was left out is recorded on its digest, which exists from now on even if nobody else is in it.
    for (const [digestId, { period, entries }] of skips) {
      const listed = [...entries.values()]
      summary.skipped.push(
        ...listed.slice(0, MAX_SKIPS_LISTED - summary.skipped.length).map((skip) => ({
          ...skip,
          ...(digestId !== undefined && { digestId }),
        })),
      )
      if (digestId === undefined) continue
      await digestFor(digestId, period)
      await deps.digests.recordSkips(digestId, listed, new Date(now.getTime() + SKIP_RETENTION_MS))
    }

    // The ledger, not the audience, decides what is still owed (see reconcile-digest.ts).
    for (const digestId of digests.keys()) {
      // Reconciling may set the state and the counters: not while another run is adding deliveries to this
      // digest. That run holds the lease and reconciles the digest itself when it is done, so skip it here.
      if (!leases.holds(digestId) && !(await leases.tryTake(digestId))) continue
      await reconcileDigest(deps.digests, digestId, now, {
        beforePage: () => leases.renew(digestId),
        owed: async (delivery) => {
          if (queued.has(`${digestId}|${delivery.subscriberId}`)) return
          const key = `${digestId}|${delivery.variantId}`
          const batch = pending.get(key) ?? { digestId, variantId: delivery.variantId, subscriberIds: [] }
          batch.subscriberIds.push(delivery.subscriberId)
          pending.set(key, batch)
          summary.requeued++
          if (batch.subscriberIds.length >= batchSize) await flush(key)
        },
      })
    }
    for (const key of [...pending.keys()]) await flush(key)
  } finally {
    await leases.releaseAll()
  }
  summary.digests = [...digests.keys()]
  if (today !== undefined) {
    summary.warmUp = {
      day: today.day,
      ...(cap !== undefined && { cap }),
      plannedToday: await warmUp!.store.plannedOn(today.day),
      waiting: await warmUp!.store.countCarried(options.cadence),
    }
  }
  return summary
}

/** One subscriber's share of one digest, decided before anything is written. */
interface Wanted {
  subscriber: Subscriber
  /** Where their articles start. */
  since: string
  digestId: string
  period: string
  articles: Article[]
}

/**
 * Where a subscriber's first digest starts (later ones start at their last, lastDigestsAt): one period
 * back for daily or weekly, whenever they joined; for instant emails, their confirmation (no back issues).
 */
function firstSince(subscriber: Subscriber, cadence: DigestCadence, now: Date): string {
  if (cadence === 'instant') return subscriber.confirmedAt ?? now.toISOString()
  return new Date(now.getTime() - (cadence === 'weekly' ? 7 : 1) * DAY_MS).toISOString()
}

/** Published after `since` (and up to `until`), on the subscriber's topics (all when they chose none), oldest first. */
export function articlesFor(
  subscriber: Subscriber,
  recent: Article[],
  since: string,
  until?: string,
): Article[] {
  return recent
    .filter(
      (article) =>
        (article.publishedAt ?? '') > since && (until === undefined || article.publishedAt! <= until),
    )
    .filter(
      (article) =>
        subscriber.topics.length === 0 || article.tags.some((tag) => subscriber.topics.includes(tag)),
    )
    .sort((a, b) => (a.publishedAt! < b.publishedAt! ? -1 : 1))
}

/**
 * Whether an article would have gone to this subscriber, read leniently (it is one that cannot go in a
 * digest, so its fields may be broken): published in the window, and on their topics or with no usable tags.
 */
function wouldCarry(subscriber: Subscriber, article: Article, since: string, until: string): boolean {
  const at = article.publishedAt
  if (typeof at !== 'string' || at <= since || at > until) return false
  if (subscriber.topics.length === 0 || !Array.isArray(article.tags)) return true
  return article.tags.some((tag) => subscriber.topics.includes(tag))
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const group = groups.get(key(item))
    if (group === undefined) groups.set(key(item), [item])
    else group.push(item)
  }
  return groups
}
