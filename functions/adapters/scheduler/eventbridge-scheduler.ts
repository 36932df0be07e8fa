import { createHash } from 'node:crypto'
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  UpdateScheduleCommand,
  type CreateScheduleInput,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler'
import type { GoLiveScheduler } from '../../core/ports'

const MAX_NAME_LENGTH = 64

export interface EventBridgeSchedulerOptions {
  /** The schedule group that holds the articles' schedules (the HTTP function may touch no other). */
  groupName: string
  /** The go-live function. */
  targetArn: string
  /** The role EventBridge Scheduler assumes to invoke it. */
  roleArn: string
}

/** What Scheduler hands the go-live function: which article, and the moment it was scheduled for. */
export interface GoLiveEvent {
  slug: string
  publishedAt: string
}

/**
 * A schedule's name for an article: `article-<slug>`, readable in the console. Names allow 64 characters and
 * a slug 80, so a longer one is named by a digest of it after a '.', which no slug contains (no clash).
 */
export function scheduleName(slug: string): string {
  const readable = `article-${slug}`
  if (readable.length <= MAX_NAME_LENGTH) return readable
  return `article.${createHash('sha256').update(slug).digest('hex').slice(0, 40)}`
}

/**
 * The `at()` expression for an instant: whole seconds, in UTC, rounded up. Scheduler has no finer grain, and
 * rounding down would fire before the article is due, when go-live does nothing and no schedule is left.
 */
export function atExpression(iso: string): string {
  const seconds = Math.ceil(Date.parse(iso) / 1000)
  return `at(${new Date(seconds * 1000).toISOString().slice(0, 19)})`
}

/**
 * Go-live on AWS: one one-time EventBridge Scheduler schedule per article, which invokes the go-live
 * function once and then deletes itself (ActionAfterCompletion DELETE). Rescheduling updates it in place.
 */
export class EventBridgeGoLiveScheduler implements GoLiveScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly options: EventBridgeSchedulerOptions,
  ) {}

  async schedule(slug: string, at: string): Promise<void> {
    const input = this.scheduleInput(slug, at)
    // Update first: a reschedule is the common change, and an update of a schedule that is gone says so.
    try {
      await this.client.send(new UpdateScheduleCommand(input))
      return
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error
    }
    try {
      await this.client.send(new CreateScheduleCommand(input))
    } catch (error) {
      // Created by a concurrent save of the same article between the two calls: move it to this time.
      if (!(error instanceof ConflictException)) throw error
      await this.client.send(new UpdateScheduleCommand(input))
    }
  }

  async unschedule(slug: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteScheduleCommand({ Name: scheduleName(slug), GroupName: this.options.groupName }),
      )
    } catch (error) {
      // Already fired (and deleted itself), or never made: either way there is nothing to cancel.
      if (!(error instanceof ResourceNotFoundException)) throw error
    }
  }

  private scheduleInput(slug: string, at: string): CreateScheduleInput {
    const event: GoLiveEvent = { slug, publishedAt: at }
    return {
      Name: scheduleName(slug),
      GroupName: this.options.groupName,
      Description: `Pressroom: publishes ${slug}`.slice(0, 512),
      ScheduleExpression: atExpression(at),
      ScheduleExpressionTimezone: 'UTC',
      // On time, not within a window: the editor chose the moment.
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: this.options.targetArn,
        RoleArn: this.options.roleArn,
        Input: JSON.stringify(event),
        // Scheduler's most patient policy: a day of retries, so a Lambda outage delays the article, no more.
        RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
      },
    }
  }
}
