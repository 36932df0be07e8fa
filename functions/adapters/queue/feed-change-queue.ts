import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs'
import type { FeedChangeListener } from '../../core/ports'

/**
 * On Lambda nothing runs once the response is sent, so the HTTP function does not ping WebSub hubs itself:
 * it hands the changed feed and page URLs to a queue (one SendMessage, awaited) and the WebSub function
 * (functions/websub/) pings the hubs and IndexNow, with retries, however slow they are. A failed hand-off is logged,
 * never thrown: the editor's article is saved either way.
 */
export class FeedChangeQueue implements FeedChangeListener {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly log: (entry: Record<string, unknown>) => void,
  ) {}

  async feedsChanged(topicUrls: string[], pageUrls: string[] = []): Promise<void> {
    // pageUrls only when there are some, so a message without pages reads as it always has.
    const message = pageUrls.length > 0 ? { topicUrls, pageUrls } : { topicUrls }
    try {
      await this.client.send(
        new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message) }),
      )
    } catch (error) {
      this.log({
        level: 'error',
        message: 'Could not queue the WebSub and IndexNow pings; they learn of the change at the next one',
        topicUrls,
        error: error instanceof Error ? error.message : String(error),
      })
    }
  }
}
