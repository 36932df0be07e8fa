import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  type CreateScheduleInput,
} from '@aws-sdk/client-scheduler'
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { describe, expect, it } from 'vitest'
import {
  atExpression,
  EventBridgeGoLiveScheduler,
  scheduleName,
} from '../../functions/adapters/scheduler/eventbridge-scheduler'
import { loadConfig } from '../../functions/config'
import { buildGoLiveDeps } from '../../functions/go-live/deps'
import { GoLiveEventError, handleGoLive } from '../../functions/go-live/handle-go-live'
import { buildHttpDeps } from '../../functions/http/deps'
import { articleJson, createTestApp, FixedClock, readJson } from '../support/test-app'

const GROUP = 'pressroom-go-live'
const TARGET = 'arn:aws:lambda:us-east-1:123456789012:function:pressroom-go-live'
const ROLE = 'arn:aws:iam::123456789012:role/pressroom-go-live-scheduler'
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/feed-changes'

/**
 * A Scheduler client with no Scheduler behind it (no local server exists): it keeps the schedules in a map
 * and answers as the service does, with its own exception classes.
 */
function fakeScheduler() {
  const schedules = new Map<string, CreateScheduleInput>()
  const calls: string[] = []
  const client = new SchedulerClient({ region: 'us-east-1' })
  const key = (input: { GroupName?: string | undefined; Name?: string | undefined }) =>
    `${input.GroupName}/${input.Name}`
  const notFound = () =>
    new ResourceNotFoundException({
      message: 'Schedule not found',
      Message: 'Schedule not found',
      $metadata: {},
    })
  client.send = (async (command: unknown) => {
    if (command instanceof CreateScheduleCommand) {
      calls.push('create')
      if (schedules.has(key(command.input))) {
        throw new ConflictException({
          message: 'Schedule already exists',
          Message: 'Schedule already exists',
          $metadata: {},
        })
      }
      schedules.set(key(command.input), command.input)
      return { ScheduleArn: `arn:aws:scheduler:us-east-1:123456789012:schedule/${key(command.input)}` }
    }
    if (command instanceof UpdateScheduleCommand) {
      calls.push('update')
      if (!schedules.has(key(command.input))) throw notFound()
      schedules.set(key(command.input), command.input as CreateScheduleInput)
      return {}
    }
    if (command instanceof DeleteScheduleCommand) {
      calls.push('delete')
      if (!schedules.delete(key(command.input))) throw notFound()
      return {}
    }
    throw new Error('unexpected Scheduler call')
  }) as SchedulerClient['send']
  return { client, schedules, calls }
}

/** An SQS client with no SQS behind it: records the feed changes queued for the WebSub function. */
function recordingSqs() {
  const sent: string[][] = []
  const client = new SQSClient({ region: 'us-east-1' })
  client.send = (async (command: unknown) => {
    if (!(command instanceof SendMessageCommand)) throw new Error('unexpected SQS call')
    sent.push(JSON.parse(command.input.MessageBody!).topicUrls)
    return { MessageId: `m-${sent.length}` }
  }) as SQSClient['send']
  return { client, sent }
}

const GOES_LIVE = '2026-11-28T10:00:00+09:00'

/** A parsed configuration as the environment it came from, to build another function's config on it. */
const envOf = (config: object): Record<string, string> =>
  Object.fromEntries(
    Object.entries(config)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [
        name,
        Array.isArray(value)
          ? value.join(',')
          : typeof value === 'object'
            ? JSON.stringify(value)
            : String(value),
      ]),
  )

describe('scheduled publishing on AWS (EventBridge Scheduler)', () => {
  const setup = async () => {
    const scheduler = fakeScheduler()
    const clock = new FixedClock()
    const adapter = new EventBridgeGoLiveScheduler(scheduler.client, {
      groupName: GROUP,
      targetArn: TARGET,
      roleArn: ROLE,
    })
    const t = await createTestApp({ clock, scheduler: adapter })
    const sqs = recordingSqs()
    // The go-live function, built by its own builder on the deployed variables, on the same table.
    const goLiveConfig = loadConfig({
      ...envOf(t.config),
      WEBSUB_HUBS: 'https://pubsubhubbub.appspot.com/',
      FEED_CHANGES_QUEUE_URL: QUEUE_URL,
    })
    const goLiveDeps = buildGoLiveDeps(goLiveConfig, {
      clients: { dynamo: { client: t.client, document: t.document }, sqs: sqs.client },
      overrides: { clock },
    })
    const only = () => [...scheduler.schedules.values()]
    return { t, clock, scheduler, sqs, goLiveDeps, only }
  }

  it('creates one at() schedule in the group, which invokes go-live once and deletes itself', async () => {
    const { t, only } = await setup()

    await t.admin('/api/articles', {
      method: 'POST',
      body: articleJson({ slug: 'outlook', status: 'scheduled', publishedAt: GOES_LIVE }),
    })

    expect(only()).toEqual([
      {
        Name: 'article-outlook',
        GroupName: GROUP,
        Description: 'Pressroom: publishes outlook',
        ScheduleExpression: 'at(2026-11-28T01:00:00)',
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: {
          Arn: TARGET,
          RoleArn: ROLE,
          Input: JSON.stringify({ slug: 'outlook', publishedAt: '2026-11-28T01:00:00.000Z' }),
          RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
        },
      },
    ])
  })

  it('names the schedule of an 80-character slug within the 64 characters Scheduler allows', () => {
    const long = 'a'.repeat(40) + '-' + 'b'.repeat(39)
    expect(scheduleName(long)).toMatch(/^article\.[0-9a-f]{40}$/)
    expect(scheduleName(long)).not.toBe(scheduleName(long.replace('b', 'c')))
  })

  it('moves the schedule on a reschedule and deletes it on a cancel', async () => {
    const { t, scheduler, only } = await setup()
    const created = await readJson(
      t.admin('/api/articles', {
        method: 'POST',
        body: articleJson({ slug: 'moving', status: 'scheduled', publishedAt: GOES_LIVE }),
      }),
    )

    await t.admin('/api/articles/moving', {
      method: 'PUT',
      body: articleJson({
        status: 'scheduled',
        publishedAt: '2026-11-30T18:30:00.250Z',
        revision: created.revision,
      }),
    })
    expect(only().map((s) => s.ScheduleExpression)).toEqual(['at(2026-11-30T18:30:01)'])
    expect(scheduler.calls).toEqual(['update', 'create', 'update'])

    await t.admin('/api/articles/moving/unpublish', { method: 'POST' })
    expect(only()).toEqual([])
    // Cancelling one whose schedule already fired and deleted itself is no error.
    const again = await readJson(
      t.admin('/api/articles', {
        method: 'POST',
        body: articleJson({ slug: 'fired', status: 'scheduled', publishedAt: GOES_LIVE }),
      }),
    )
    scheduler.schedules.clear()
    const cancelled = await t.admin('/api/articles/fired', {
      method: 'PUT',
      body: articleJson({ status: 'draft', revision: again.revision }),
    })
    expect(cancelled.status).toBe(200)
  })

  it('rounds a moment with milliseconds up to the next second, never firing early', () => {
    expect(atExpression('2026-11-28T01:00:00.000Z')).toBe('at(2026-11-28T01:00:00)')
    expect(atExpression('2026-11-28T01:00:00.001Z')).toBe('at(2026-11-28T01:00:01)')
    expect(atExpression('2026-12-31T23:59:59.500Z')).toBe('at(2027-01-01T00:00:00)')
  })

  it('has the go-live function publish on the event Scheduler sends, queue the feed change, and ignore a stale one', async () => {
    // Prepare: scheduled, then rescheduled an hour later, so the first schedule's event is stale
    const { t, clock, only, sqs, goLiveDeps } = await setup()
    const created = await readJson(
      t.admin('/api/articles', {
        method: 'POST',
        body: articleJson({ slug: 'analysis', tags: ['경제'], status: 'scheduled', publishedAt: GOES_LIVE }),
      }),
    )
    // The event is the schedule's Input, verbatim: Scheduler invokes a Lambda target with it as the payload.
    const staleEvent = JSON.parse(only()[0]!.Target!.Input!)
    await t.admin('/api/articles/analysis', {
      method: 'PUT',
      body: articleJson({
        tags: ['경제'],
        status: 'scheduled',
        publishedAt: '2026-11-28T11:00:00+09:00',
        revision: created.revision,
      }),
    })
    const event = JSON.parse(only()[0]!.Target!.Input!)

    // Act + Assess: the stale schedule fires at its time: nothing is published, nothing queued
    clock.current = new Date('2026-11-28T01:00:00.000Z')
    expect(await handleGoLive(goLiveDeps, staleEvent)).toEqual({ published: [] })
    expect(sqs.sent).toEqual([])
    expect((await t.app.request('/articles/analysis')).status).toBe(404)

    // Act + Assess: the live schedule fires: published, and the changed feeds queued for WebSub
    clock.current = new Date('2026-11-28T02:00:00.000Z')
    expect(await handleGoLive(goLiveDeps, event)).toEqual({ published: ['analysis'] })
    expect((await t.app.request('/articles/analysis')).status).toBe(200)
    expect(sqs.sent).toHaveLength(1)
    expect(sqs.sent[0]).toContain('https://news.example.com/feed.xml')
    expect(sqs.sent[0]).toContain(`https://news.example.com/tags/${encodeURIComponent('경제')}/feed.json`)

    // Act + Assess: a second delivery of the same event publishes nothing twice
    expect(await handleGoLive(goLiveDeps, event)).toEqual({ published: [] })
    expect(sqs.sent).toHaveLength(1)
  })

  it('refuses an event that is not a go-live input, publishing nothing', async () => {
    const { goLiveDeps } = await setup()
    await expect(handleGoLive(goLiveDeps, { slug: 'Not A Slug' })).rejects.toThrow(GoLiveEventError)
    await expect(handleGoLive(goLiveDeps, 'analysis')).rejects.toThrow(GoLiveEventError)
  })

  it('is what the HTTP function builds from the GO_LIVE_* variables the stack sets', async () => {
    const { t } = await setup()
    const scheduler = fakeScheduler()
    const config = loadConfig({
      ...envOf(t.config),
      GO_LIVE_SCHEDULE_GROUP: GROUP,
      GO_LIVE_FUNCTION_ARN: TARGET,
      GO_LIVE_ROLE_ARN: ROLE,
    })
    const deps = await buildHttpDeps(config, {
      clients: { dynamo: { client: t.client, document: t.document }, scheduler: scheduler.client },
    })

    await deps.scheduler!.schedule('built', '2026-11-28T01:00:00.000Z')

    expect(
      [...scheduler.schedules.values()].map((s) => [s.GroupName, s.Target?.Arn, s.Target?.RoleArn]),
    ).toEqual([[GROUP, TARGET, ROLE]])
  })
})
