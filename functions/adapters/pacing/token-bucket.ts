import { GetSendQuotaCommand, type SESClient } from '@aws-sdk/client-ses'
import type { SendPacer } from '../../core/ports'

export interface TokenBucketOptions {
  /** Sends per second, on average. */
  ratePerSecond: number
  /** Sends allowed back to back after a quiet spell; defaults to one second's worth (at least 1). */
  burst?: number
  /** Milliseconds on a monotonic clock; injected by tests. */
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}

/**
 * Spaces sends to `ratePerSecond` with bursts of up to `burst`. Callers are served in the order they
 * asked, so one busy batch cannot starve another in the same process. The bucket paces one process;
 * to keep several senders together under the account's SES rate, give each its share of the rate.
 */
export class TokenBucketPacer implements SendPacer {
  private readonly ratePerMs: number
  private readonly burst: number
  private readonly now: () => number
  private readonly sleep: (ms: number) => Promise<void>
  private tokens: number
  private refilledAt: number
  private queue: Promise<void> = Promise.resolve()

  constructor(options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be more than 0')
    this.ratePerMs = options.ratePerSecond / 1000
    this.burst = options.burst ?? Math.max(1, Math.floor(options.ratePerSecond))
    if (!(this.burst >= 1)) throw new RangeError('burst must be at least 1')
    this.now = options.now ?? (() => performance.now())
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
    this.tokens = this.burst
    this.refilledAt = this.now()
  }

  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.take())
    // The chain must survive a rejected sleep, or every later caller would be rejected too.
    this.queue = turn.catch(() => undefined)
    return turn
  }

  private async take(): Promise<void> {
    for (;;) {
      this.refill()
      if (this.tokens >= 1) {
        this.tokens -= 1
        return
      }
      await this.sleep(Math.ceil((1 - this.tokens) / this.ratePerMs))
    }
  }

  private refill(): void {
    const now = this.now()
    this.tokens = Math.min(this.burst, this.tokens + (now - this.refilledAt) * this.ratePerMs)
    this.refilledAt = now
  }
}

export interface SendRate {
  /** Messages per second SES allows this account. */
  maxSendRate: number
  /** Messages per rolling 24 hours (-1: unlimited), and how many of them are used. */
  max24HourSend: number
  sentLast24Hours: number
  /** Where the figures came from: SES itself, or the configured fallback (SES did not answer). */
  source: 'ses' | 'configured'
}

/**
 * The account's SES sending limits (GetSendQuota). The local emulator does not implement the call, and
 * a missing permission should not stop a digest, so any failure gives the configured fallback instead.
 */
export async function sesSendRate(
  client: SESClient,
  fallback: { maxSendRate: number; max24HourSend?: number },
): Promise<SendRate> {
  const configured: SendRate = {
    maxSendRate: fallback.maxSendRate,
    max24HourSend: fallback.max24HourSend ?? -1,
    sentLast24Hours: 0,
    source: 'configured',
  }
  try {
    // A quota read must never hold up sending: the local emulator, for one, never answers it.
    const quota = await client.send(new GetSendQuotaCommand({}), { abortSignal: AbortSignal.timeout(3_000) })
    if (quota.MaxSendRate === undefined || !(quota.MaxSendRate > 0)) return configured
    return {
      maxSendRate: quota.MaxSendRate,
      max24HourSend: quota.Max24HourSend ?? -1,
      sentLast24Hours: quota.SentLast24Hours ?? 0,
      source: 'ses',
    }
  } catch {
    return configured
  }
}
