import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs'
import type { FeedChangeListener } from '../../core/ports'

/**
 * On Lambda nothing runs once the response is sent, so the HTTP function does not ping WebSub hubs itself:
 * it hands the changed feed URLs to a queue (one SendMessage, awaited) and the WebSub function
 * (functions/websub/) pings the hubs, with retries, however slow they are. A failed hand-off is logged,
 * never thrown: the editor's article is saved either way.
 */
export class FeedChangeQueue implements FeedChangeListener {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly log: (entry: Record<string, unknown>) => void,
  ) {}

  async feedsChanged(topicUrls: string[]): Promise<void> {
    try {
      await this.client.send(
        new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify({ topicUrls }) }),
      )
    } catch (error) {
      this.log({
        level: 'error',
        message: 'Could not queue the WebSub ping; hubs learn of the change at the next one',
        topicUrls,
        error: error instanceof Error ? error.message : String(error),
      })
    }
  }
}
