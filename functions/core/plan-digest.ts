import { createHash, randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Article } from './article'
import type { Digest, DigestCounts, DeliveryBatch } from './digest'
import type {
  ArticleStore,
  BatchQueue,
  Clock,
  DigestStore,
  RenderDigestVariant,
  SubscriberStore,
} from './ports'
import type { Subscriber } from './subscriber'

export type DigestCadence = 'daily' | 'weekly' | 'instant'

export type { RenderDigestVariant } from './ports'

export interface PlanDeps {
  subscribers: SubscriberStore
  articles: ArticleStore
  digests: DigestStore
  queue: BatchQueue
  clock: Clock
  renderVariant: RenderDigestVariant
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
}

// The newest articles a digest can draw from; a digest is for what happened since the last one.
const ARTICLE_WINDOW = 200
const PAGE_SIZE = 500
// How long a run's right to add deliveries to a digest lasts; renewed a third of the way through, and far
// longer than one chunk of the audience takes to plan.
const PLANNING_LEASE_MS = 60_000
// A second run on the same digest waits for the first (released at its end, or expired if it died).
const LEASE_WAIT_STEP_MS = 1_000
const LEASE_WAIT_TRIES = 90
const DAY_MS = 24 * 3600_000
// A digest's ledger guards its sends, which end within days (retries, then the dead-letter queue); kept a
// good while longer for operators, then left to DynamoDB's TTL so the table does not grow by an item per
// email forever.
const LEDGER_RETENTION_MS = 180 * DAY_MS
// Subscribers whose cursors and ledger entries are read together (BatchGetItem takes 100 keys).
const READ_CHUNK = 100
// A sender writes its batch's counters after its last ledger write, within its timeout (2 minutes on AWS)
// and its claims (5 minutes); after this long with no ledger change, no counter write can still be coming.
const COUNTERS_SETTLE_MS = 10 * 60_000

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
  }
  const recent = await deps.articles.listPublished({ limit: ARTICLE_WINDOW })
  const digests = new Map<string, Digest>()
  // Promises, not values: subscribers are planned several at a time, and two of them needing the same
  // digest or variant must share one creation (one MJML compile per variant).
  const variants = new Map<string, Promise<string>>() // digest id + language + articles -> variant id
  const digestCreations = new Map<string, Promise<Digest>>()
  const pending = new Map<string, DeliveryBatch>()
  const plannedPerDigest = new Map<string, number>()
  const queued = new Set<string>() // digest id + subscriber id, queued in this run

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

  // One planning run at a time per digest (a lease on the digest item), so that this run may read which
  // subscribers have no delivery yet and then add theirs with batch writes, 25 per request.
  const holder = `plan-${randomUUID()}`
  const leases = new Map<string, number>() // digest id -> when the lease was last taken or renewed
  const lease = async (digestId: string) => {
    for (let attempt = 0; ; attempt++) {
      const at = deps.clock.now()
      const until = new Date(at.getTime() + PLANNING_LEASE_MS)
      if (await deps.digests.leasePlanning(digestId, holder, until, at)) {
        leases.set(digestId, at.getTime())
        return
      }
      if (leases.has(digestId))
        throw new Error(`Planning digest ${digestId}: another run took over the lease`)
      if (attempt >= LEASE_WAIT_TRIES) {
        throw new Error(`Digest ${digestId} is being planned by another run; try again when it has finished`)
      }
      await sleep(LEASE_WAIT_STEP_MS)
    }
  }
  /** Takes the lease if nobody else holds it, without waiting; false when another run has it. */
  const tryLease = async (digestId: string) => {
    const at = deps.clock.now()
    const until = new Date(at.getTime() + PLANNING_LEASE_MS)
    if (!(await deps.digests.leasePlanning(digestId, holder, until, at))) return false
    leases.set(digestId, at.getTime())
    return true
  }
  const renewLeases = async (digestIds: Iterable<string>) => {
    for (const digestId of digestIds) {
      if (deps.clock.now().getTime() - (leases.get(digestId) ?? 0) >= PLANNING_LEASE_MS / 3) {
        await lease(digestId)
      }
    }
  }

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
          await lease(digestId)
          digests.set(digestId, digest)
          return digest
        })
      digestCreations.set(digestId, creation)
    }
    return creation
  }

  const variantFor = (digest: Digest, lang: Subscriber['lang'], articles: Article[]) => {
    const key = `${digest.id}|${lang}|${articles.map((a) => a.slug).join(',')}`
    let variant = variants.get(key)
    if (variant === undefined) {
      const variantId = createHash('sha256').update(key).digest('base64url').slice(0, 16)
      variant = (async () => {
        if ((await deps.digests.getVariant(digest.id, variantId)) === undefined) {
          const rendered = await deps.renderVariant({ digest, variantId, lang, articles })
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

  const queueFor = (digestId: string, variantId: string, subscriberId: string) => {
    queued.add(`${digestId}|${subscriberId}`)
    const key = `${digestId}|${variantId}`
    const batch = pending.get(key) ?? { digestId, variantId, subscriberIds: [] }
    batch.subscriberIds.push(subscriberId)
    pending.set(key, batch)
    return batch.subscriberIds.length >= batchSize ? flush(key) : undefined
  }

  /** Who on this page gets which digest: one BatchGetItem for 100 cursors, one per digest for 100 ledgers. */
  const planChunk = async (chunk: Subscriber[]) => {
    const cursors = await deps.digests.lastDigestsAt(
      chunk.map((subscriber) => subscriber.id),
      options.cadence,
    )
    const wanted: Wanted[] = []
    for (const subscriber of chunk) {
      const since = cursors.get(subscriber.id) ?? firstSince(subscriber, options.cadence, now)
      // Up to now: the sender records the digest's creation (now) as where the next one starts.
      const articles = articlesFor(subscriber, recent, since, now.toISOString())
      if (articles.length === 0) {
        summary.nothingNew++
        continue
      }
      // A daily or weekly digest carries all of them; an instant subscriber gets one email per article.
      const groups =
        options.cadence === 'instant'
          ? articles.map((article) => ({ period: article.slug, articles: [article] }))
          : [{ period: periodOf(options.cadence, now, subscriber.timezone), articles }]
      for (const group of groups) {
        wanted.push({ subscriber, digestId: `${options.cadence}-${group.period}`, ...group })
      }
    }
    for (const [digestId, group] of groupBy(wanted, (w) => w.digestId)) {
      // Under this run's lease: nobody else adds deliveries to this digest between the read and the write.
      const digest = await digestFor(digestId, group[0]!.period)
      // Already planned in an earlier run: the ledger pass below queues it again if it is unfinished.
      const existing = await deps.digests.getDeliveries(
        digestId,
        group.map((w) => w.subscriber.id),
      )
      const fresh = group.filter((w) => !existing.has(w.subscriber.id))
      if (fresh.length === 0) continue
      const variantIds = await Promise.all(
        fresh.map((w) => variantFor(digest, w.subscriber.lang, w.articles)),
      )
      await renewLeases([digestId])
      await deps.digests.addDeliveries(
        fresh.map((w, i) => ({
          digestId,
          subscriberId: w.subscriber.id,
          variantId: variantIds[i]!,
          state: 'planned',
          attempts: 0,
        })),
        new Date(now.getTime() + LEDGER_RETENTION_MS),
      )
      summary.planned += fresh.length
      plannedPerDigest.set(digestId, (plannedPerDigest.get(digestId) ?? 0) + fresh.length)
      for (const [i, w] of fresh.entries()) await queueFor(digestId, variantIds[i]!, w.subscriber.id)
    }
  }

  try {
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
        if (options.cadence !== 'instant' && !options.force && !isDue(subscriber, options.cadence, now)) {
          summary.notDue++
          continue
        }
        if (options.cadence !== 'instant') {
          // Walk this period's digest's ledger at the end even if nobody new joins it in this run.
          await touch(`${options.cadence}-${periodOf(options.cadence, now, subscriber.timezone)}`)
        }
        due.push(subscriber)
      }
      for (let start = 0; start < due.length; start += READ_CHUNK) {
        await planChunk(due.slice(start, start + READ_CHUNK))
      }
    } while (cursor !== undefined)

    for (const [digestId, planned] of plannedPerDigest) await deps.digests.addCounts(digestId, { planned })

    // The ledger, not the audience, decides what is still owed: someone who left after planning is no longer
    // in the audience index, and a batch may have died with a crashed process. Whatever is unfinished goes
    // back on the queue (the sender skips whoever may no longer be mailed); a digest with nothing left is done.
    for (const digestId of digests.keys()) {
      // The walk may set the state and the counters: not while another run is adding deliveries to this
      // digest. That run holds the lease and walks the ledger itself when it is done, so skip it here.
      if (!leases.has(digestId) && !(await tryLease(digestId))) continue
      let unfinished = 0
      const tally: DigestCounts = { planned: 0, sent: 0, failed: 0, skipped: 0 }
      let lastChange = ''
      let deliveries: string | undefined
      do {
        const page = await deps.digests.listDeliveries(digestId, {
          limit: 500,
          ...(deliveries !== undefined && { cursor: deliveries }),
        })
        deliveries = page.cursor
        await renewLeases([digestId])
        for (const delivery of page.items) {
          tally.planned++
          if (delivery.state === 'sent' || delivery.state === 'skipped' || delivery.state === 'failed') {
            tally[delivery.state]++
          }
          if ((delivery.updatedAt ?? '') > lastChange) lastChange = delivery.updatedAt!
          const claimExpired =
            delivery.state === 'claimed' && (delivery.claimedUntil ?? '') < now.toISOString()
          if (delivery.state === 'claimed' && !claimExpired) unfinished++
          if (delivery.state !== 'planned' && delivery.state !== 'failed' && !claimExpired) continue
          unfinished++
          const key = `${digestId}|${delivery.variantId}`
          if (queued.has(`${digestId}|${delivery.subscriberId}`)) continue
          const batch = pending.get(key) ?? { digestId, variantId: delivery.variantId, subscriberIds: [] }
          batch.subscriberIds.push(delivery.subscriberId)
          pending.set(key, batch)
          summary.requeued++
          if (batch.subscriberIds.length >= batchSize) await flush(key)
        }
      } while (deliveries !== undefined)
      if (unfinished > 0) await deps.digests.setDigestState(digestId, 'sending', now)
      else {
        // Finished: every delivery is sent or skipped, for good. The senders' counters can fall short of that
        // (a sender that died before its batch's counter write); once no sender can still be about to write
        // one, the ledger's own tally replaces them.
        const quiet = lastChange < new Date(now.getTime() - COUNTERS_SETTLE_MS).toISOString()
        await deps.digests.setDigestState(digestId, 'done', now, quiet ? tally : undefined)
      }
    }
    for (const key of [...pending.keys()]) await flush(key)
  } finally {
    // Let the next run in at once rather than when the lease runs out; a crashed run's lease just expires.
    for (const digestId of leases.keys()) {
      await deps.digests.releasePlanning(digestId, holder).catch(() => undefined)
    }
  }
  summary.digests = [...digests.keys()]
  return summary
}

/** One subscriber's share of one digest, decided before anything is written. */
interface Wanted {
  subscriber: Subscriber
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

/** Daily: the subscriber's local hour is their delivery hour. Weekly: the same, on a Monday. */
export function isDue(
  subscriber: Subscriber,
  cadence: Exclude<DigestCadence, 'instant'>,
  now: Date,
): boolean {
  const parts = localParts(now, subscriber.timezone)
  if (parts.hour !== subscriber.deliveryHour) return false
  return cadence === 'daily' || parts.weekday === 'Mon'
}

/** The digest's period in the subscriber's zone: a local date for daily, an ISO week for weekly. */
export function periodOf(cadence: Exclude<DigestCadence, 'instant'>, now: Date, timezone: string): string {
  const { year, month, day } = localParts(now, timezone)
  const date = `${year}-${month}-${day}`
  return cadence === 'daily' ? date : isoWeek(date)
}

// Making a DateTimeFormat costs far more than using one, and a run asks twice per subscriber.
const formatters = new Map<string, Intl.DateTimeFormat>()

function localParts(now: Date, timezone: string) {
  let formatter = formatters.get(timezone)
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    })
    formatters.set(timezone, formatter)
  }
  const parts = Object.fromEntries(formatter.formatToParts(now).map((part) => [part.type, part.value]))
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: Number(parts.hour),
    weekday: parts.weekday!,
  }
}

/** "2026-11-27" -> "2026-W48" (ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  const weekday = d.getUTCDay() || 7
  d.setUTCDate(d.getUTCDate() + 4 - weekday) // the Thursday of this week decides the year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1)
  const week = Math.ceil(((d.getTime() - yearStart) / DAY_MS + 1) / 7)
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`
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
