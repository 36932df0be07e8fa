import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../functions/config'
import type { PlanDeps } from '../../functions/core/plan-digest'
import type { Subscriber } from '../../functions/core/subscriber'
import {
  handleSchedule,
  parseScheduleInput,
  ScheduleInputError,
  sendQueueUrl,
} from '../../functions/digest/handle-schedule'

const EXPECTED = 'Planner input must be {"cadence":"daily"} or {"cadence":"weekly"} or {"cadence":"instant"}'

/** Deps that fail the test if the planner touches them: a bad input must be refused before any I/O. */
const untouchable = new Proxy({} as PlanDeps, {
  get: (_target, name) => {
    throw new Error(`planner touched deps.${String(name)}`)
  },
})

// 10:00 UTC on a Friday.
const NOW = new Date('2026-11-27T10:00:00Z')

/** One confirmed daily subscriber whose delivery hour is 07:00 UTC, so at 10:00 nobody is due. */
function depsWithOneSubscriber(audience: string[]): PlanDeps {
  const subscriber = {
    id: 's1',
    email: 'reader@example.com',
    topics: [],
    cadence: 'daily',
    deliveryHour: 7,
    timezone: 'UTC',
    lang: 'en',
    state: 'confirmed',
  } as unknown as Subscriber
  const unused = () => {
    throw new Error('not due: nothing should be planned')
  }
  return {
    clock: { now: () => NOW },
    articles: { listPublished: async () => [] } as unknown as PlanDeps['articles'],
    subscribers: {
      listAudience: async ({ cadence }: { cadence: string }) => {
        audience.push(cadence)
        return { items: [subscriber] }
      },
    } as unknown as PlanDeps['subscribers'],
    digests: new Proxy({}, { get: unused }) as PlanDeps['digests'],
    queue: { send: unused },
    renderVariant: unused,
    sleep: unused,
    newId: () => 'run-1',
  }
}

describe('parseScheduleInput', () => {
  it.each(['daily', 'weekly', 'instant'] as const)('accepts {"cadence":"%s"}', (cadence) => {
    expect(parseScheduleInput({ cadence })).toEqual({ cadence })
  })

  it.each([
    ['an unknown cadence', { cadence: 'hourly' }],
    ['a misspelt cadence', { cadence: 'Daily' }],
    ['no cadence', {}],
    ['a string', 'daily'],
    ['null', null],
    ['nothing', undefined],
  ])('refuses %s, naming what it expects and what it got', (_name, input) => {
    expect(() => parseScheduleInput(input)).toThrow(ScheduleInputError)
    expect(() => parseScheduleInput(input)).toThrow(
      `${EXPECTED}, got ${JSON.stringify(input) ?? 'undefined'}`,
    )
  })
})

describe('handleSchedule', () => {
  it('plans nothing and touches nothing when the input is bad', async () => {
    const lines: string[] = []
    await expect(
      handleSchedule(untouchable, { cadence: 'hourly' }, { log: (line) => lines.push(line) }),
    ).rejects.toThrow(EXPECTED + ', got {"cadence":"hourly"}')
    expect(lines).toEqual([])
  })

  it('plans only those whose delivery hour it is, and logs the summary as one JSON line', async () => {
    const audience: string[] = []
    const lines: string[] = []
    const summary = await handleSchedule(
      depsWithOneSubscriber(audience),
      { cadence: 'daily' },
      { log: (line) => lines.push(line), now: () => 0 },
    )
    expect(audience).toEqual(['daily'])
    // force: false, so a subscriber whose hour it is not is counted, not planned.
    expect(summary).toMatchObject({ considered: 1, notDue: 1, planned: 0 })
    expect(lines).toHaveLength(1)
    expect(lines[0]).not.toContain('\n')
    expect(JSON.parse(lines[0]!)).toEqual({
      event: 'digest-plan',
      cadence: 'daily',
      ...summary,
      durationMs: 0,
    })
  })
})

describe('sendQueueUrl', () => {
  it('names SEND_QUEUE_URL when it is missing', () => {
    expect(() => sendQueueUrl({ SEND_QUEUE_URL: undefined })).toThrow(ConfigError)
    expect(() => sendQueueUrl({ SEND_QUEUE_URL: undefined })).toThrow('SEND_QUEUE_URL')
  })

  it('returns it when set', () => {
    const url = 'https://sqs.us-east-1.amazonaws.com/1/send'
    expect(sendQueueUrl({ SEND_QUEUE_URL: url })).toBe(url)
  })
})
