import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs'
import type { ConfirmationJob } from '../../core/confirmation'
import type { ConfirmationQueue } from '../../core/ports'

/**
 * POST /subscribe's hand-off on AWS: one SendMessage per request, awaited (nothing runs on Lambda once the
 * response is sent). The confirmations function (functions/confirmations/) consumes the queue. A failure
 * throws: without its job the request would never be acted on, so the reader should be told to try again,
 * and that happens alike for every address.
 */
export class SqsConfirmationQueue implements ConfirmationQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(job: ConfirmationJob): Promise<void> {
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(job) }),
    )
  }
}
