import { DIGEST_TAG } from '../functions/core/message-tags'

/** The SES events `npm run ses-event -- --digest` can make up for a message the local stack sent. */
export const REPLAY_TYPES = ['delivery', 'bounce', 'complaint'] as const
export type ReplayType = (typeof REPLAY_TYPES)[number]

export interface ReplayedMessage {
  /** SES's id of the message (the ledger's `messageId`). */
  messageId: string
  recipient: string
  /** The digest the sender tagged the message with. */
  digestId: string
  /** When SES took the message (the ledger's `sentAt`). */
  sentAt: string
  /** When the event happens. */
  at: string
  from?: string
  configurationSet?: string
}

/**
 * An SES configuration-set event (event publishing, `eventType`) about one message, in the shape SES
 * publishes it to SNS (docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html):
 * `mail` with the message's tags (ours and SES's own), and the event's object. A bounce is a permanent one
 * (the address does not exist); a complaint is an "abuse" report.
 */
export function sesEventNotification(type: ReplayType, message: ReplayedMessage): Record<string, unknown> {
  const from = message.from ?? 'Pressroom <news@example.com>'
  const feedbackId = `${message.messageId}-feedback`
  const mail = {
    timestamp: message.sentAt,
    source: from,
    sendingAccountId: '000000000000',
    messageId: message.messageId,
    destination: [message.recipient],
    headersTruncated: false,
    headers: [],
    commonHeaders: { from: [from], to: [message.recipient], messageId: message.messageId },
    tags: {
      'ses:configuration-set': [message.configurationSet ?? 'pressroom-local'],
      'ses:source-ip': ['127.0.0.1'],
      'ses:from-domain': [from.replace(/^.*@|>.*$/g, '')],
      [DIGEST_TAG]: [message.digestId],
    },
  }
  switch (type) {
    case 'delivery':
      return {
        eventType: 'Delivery',
        mail,
        delivery: {
          timestamp: message.at,
          processingTimeMillis: 546,
          recipients: [message.recipient],
          smtpResponse: '250 2.6.0 Message received',
          reportingMTA: 'a8-70.smtp-out.amazonses.com',
          remoteMtaIp: '127.0.2.0',
        },
      }
    case 'bounce':
      return {
        eventType: 'Bounce',
        mail,
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'General',
          bouncedRecipients: [
            {
              emailAddress: message.recipient,
              action: 'failed',
              status: '5.1.1',
              diagnosticCode: 'smtp; 550 5.1.1 user unknown',
            },
          ],
          timestamp: message.at,
          feedbackId,
          reportingMTA: 'dsn; a8-70.smtp-out.amazonses.com',
        },
      }
    case 'complaint':
      return {
        eventType: 'Complaint',
        mail,
        complaint: {
          complainedRecipients: [{ emailAddress: message.recipient }],
          timestamp: message.at,
          feedbackId,
          complaintFeedbackType: 'abuse',
          arrivalDate: message.at,
        },
      }
  }
}
