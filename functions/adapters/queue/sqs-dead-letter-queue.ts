import { GetQueueAttributesCommand, StartMessageMoveTaskCommand, type SQSClient } from '@aws-sdk/client-sqs'
import type { DeadLetterQueue } from '../../core/ports'

export interface SqsDeadLetterQueueOptions {
  /** The send queue's dead-letter queue: its URL (for its count) and its ARN (the move's source). */
  deadLetterQueueUrl: string
  deadLetterQueueArn: string
  /** Where the dead letters go back to: the send queue, whose sender claims each recipient in the ledger. */
  sendQueueArn: string
}

/**
 * The send queue's dead letters on AWS. SQS cannot list a queue without receiving its messages (which
 * hides them from everyone else and counts a receive), so there is no list: a count from the queue's
 * attributes, and a redrive of them all with SQS's own message move task (StartMessageMoveTask), which
 * moves them in the background. Only one move task runs per queue: starting a second fails (a 502).
 */
export class SqsDeadLetterQueue implements DeadLetterQueue {
  constructor(
    private readonly client: Pick<SQSClient, 'send'>,
    private readonly options: SqsDeadLetterQueueOptions,
  ) {}

  async count(): Promise<number> {
    const { Attributes } = await this.client.send(
      new GetQueueAttributesCommand({
        QueueUrl: this.options.deadLetterQueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    )
    return Number(Attributes?.ApproximateNumberOfMessages ?? 0)
  }

  async redriveAll(): Promise<number> {
    const waiting = await this.count()
    // A move task of an empty queue would still run (and block the next one until it ends).
    if (waiting === 0) return 0
    await this.client.send(
      new StartMessageMoveTaskCommand({
        SourceArn: this.options.deadLetterQueueArn,
        DestinationArn: this.options.sendQueueArn,
      }),
    )
    return waiting
  }
}
