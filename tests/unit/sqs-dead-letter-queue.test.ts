import { GetQueueAttributesCommand, StartMessageMoveTaskCommand, type SQSClient } from '@aws-sdk/client-sqs'
import { describe, expect, it } from 'vitest'
import { SqsDeadLetterQueue } from '../../functions/adapters/queue/sqs-dead-letter-queue'
import type { DeadLetterQueue } from '../../functions/core/ports'

const OPTIONS = {
  deadLetterQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/send-dead-letters',
  deadLetterQueueArn: 'arn:aws:sqs:us-east-1:123456789012:send-dead-letters',
  sendQueueArn: 'arn:aws:sqs:us-east-1:123456789012:send',
}

/** An SQS client holding `waiting` dead letters, recording each command (no local SQS server exists). */
function sqsWith(waiting: number) {
  const sent: unknown[] = []
  const client = {
    send: async (command: unknown) => {
      sent.push(command)
      if (command instanceof GetQueueAttributesCommand) {
        return { Attributes: { ApproximateNumberOfMessages: String(waiting) } }
      }
      if (command instanceof StartMessageMoveTaskCommand) return { TaskHandle: 'handle' }
      throw new Error('unexpected SQS call')
    },
  } as unknown as Pick<SQSClient, 'send'>
  return { client, sent }
}

describe('SqsDeadLetterQueue', () => {
  it("counts the dead letters from the queue's attributes, receiving none", async () => {
    const { client, sent } = sqsWith(3)
    expect(await new SqsDeadLetterQueue(client, OPTIONS).count()).toBe(3)
    expect(sent).toHaveLength(1)
    expect((sent[0] as GetQueueAttributesCommand).input).toEqual({
      QueueUrl: OPTIONS.deadLetterQueueUrl,
      AttributeNames: ['ApproximateNumberOfMessages'],
    })
  })

  it('redrives them all from the dead-letter queue to the send queue with a message move task', async () => {
    const { client, sent } = sqsWith(4)
    expect(await new SqsDeadLetterQueue(client, OPTIONS).redriveAll()).toBe(4)
    const moves = sent.filter((c) => c instanceof StartMessageMoveTaskCommand)
    expect(moves.map((c) => c.input)).toEqual([
      { SourceArn: OPTIONS.deadLetterQueueArn, DestinationArn: OPTIONS.sendQueueArn },
    ])
  })

  it('starts no move task when there is nothing to move', async () => {
    const { client, sent } = sqsWith(0)
    expect(await new SqsDeadLetterQueue(client, OPTIONS).redriveAll()).toBe(0)
    expect(sent.some((c) => c instanceof StartMessageMoveTaskCommand)).toBe(false)
  })

  it('offers no list: SQS cannot show a message without receiving it', () => {
    const queue: DeadLetterQueue = new SqsDeadLetterQueue(sqsWith(1).client, OPTIONS)
    expect(queue.list).toBeUndefined()
    expect(queue.redrive).toBeUndefined()
  })
})
