import { Duration } from 'aws-cdk-lib'
import * as sqs from 'aws-cdk-lib/aws-sqs'
import type { Construct } from 'constructs'

/**
 * A queue a Lambda works through, with a dead-letter queue for the messages that keep failing; both
 * encrypted and TLS only. Made in `scope` as `id` and `DeadLetters`.
 */
export function workQueue(
  scope: Construct,
  id: string,
  props: { visibilityTimeout: Duration; maxReceiveCount: number },
): { queue: sqs.Queue; deadLetterQueue: sqs.Queue } {
  const deadLetterQueue = new sqs.Queue(scope, 'DeadLetters', {
    // Longer than the queue's 4 days: a standard queue keeps a message's first enqueue time.
    retentionPeriod: Duration.days(14),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  })
  const queue = new sqs.Queue(scope, id, {
    visibilityTimeout: props.visibilityTimeout,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
  })
  return { queue, deadLetterQueue }
}
