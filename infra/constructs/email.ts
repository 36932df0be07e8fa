import { Annotations, Stack } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as route53 from 'aws-cdk-lib/aws-route53'
import * as ses from 'aws-cdk-lib/aws-ses'
import * as sns from 'aws-cdk-lib/aws-sns'
import { Construct } from 'constructs'
import {
  type DmarcPolicy,
  type EmailDnsRecord,
  defaultDmarcReportAddress,
  defaultMailFromDomain,
  dmarcRecordValue,
  emailDnsRecords,
} from '../email-dns-records'

export interface EmailProps {
  /** The domain SES sends from (stack config senderDomain): mailFrom's domain or a parent of it. */
  readonly senderDomain: string
  /** When the sender domain's Route 53 zone is given, the DKIM CNAMEs are created in it (no DNS step). */
  readonly hostedZone?: { id: string; name: string }
  /** The custom MAIL FROM domain, a subdomain of senderDomain; default bounce.<senderDomain>. */
  readonly mailFromDomain?: string
  /** @default 'none' */
  readonly dmarcPolicy?: DmarcPolicy
  /** @default dmarc-reports@<senderDomain> */
  readonly dmarcReportAddress?: string
}

/**
 * The SES events the feedback function hears about: bounces and complaints change subscribers and, like
 * deliveries, count in their digest's figures (core/delivery-figures.ts); rejects are only logged.
 */
export const FEEDBACK_EVENTS = [
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.DELIVERY,
  ses.EmailSendingEvent.REJECT,
]

// RFC 2606 / 6761 names: nothing sent from them can be verified or delivered.
const RESERVED_DOMAIN = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$/

/** Sending through SES: the verified sender domain, and bounces and complaints published to an SNS topic. */
export class Email extends Construct {
  readonly identity: ses.EmailIdentity
  readonly mailFromDomain: string
  /** Every DNS record mail needs (DKIM values are deploy-time tokens), for the stack's outputs. */
  readonly dnsRecords: EmailDnsRecord[]
  /** Whether the stack writes those records in Route 53 itself (a hosted zone was given). */
  readonly publishesRecords: boolean
  readonly configurationSet: ses.ConfigurationSet
  /** Receives the FEEDBACK_EVENTS of every message sent through the configuration set. */
  readonly eventsTopic: sns.Topic

  constructor(scope: Construct, id: string, props: EmailProps) {
    super(scope, id)

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      // Per-configuration-set bounce and complaint rates, so a bad send shows up before the account's do.
      reputationMetrics: true,
    })
    this.eventsTopic = new sns.Topic(this, 'Events', {
      displayName: 'Pressroom SES events',
      // Denies publishing over plain HTTP (SES publishes over TLS anyway).
      enforceSSL: true,
    })
    // Also adds the topic policy that lets SES (for this configuration set only) publish to the topic.
    this.configurationSet.addEventDestination('Feedback', {
      destination: ses.EventDestination.snsTopic(this.eventsTopic),
      events: FEEDBACK_EVENTS,
    })

    const zone =
      props.hostedZone === undefined
        ? undefined
        : route53.PublicHostedZone.fromHostedZoneAttributes(this, 'Zone', {
            hostedZoneId: props.hostedZone.id,
            zoneName: props.hostedZone.name,
          })
    this.mailFromDomain = props.mailFromDomain ?? defaultMailFromDomain(props.senderDomain)
    const dmarcPolicy = props.dmarcPolicy ?? 'none'
    const dmarcReportAddress = props.dmarcReportAddress ?? defaultDmarcReportAddress(props.senderDomain)
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      // With a zone, the CDK also writes the three DKIM CNAMEs and the MAIL FROM's MX and SPF records in it.
      identity:
        zone === undefined ? ses.Identity.domain(props.senderDomain) : ses.Identity.publicHostedZone(zone),
      // Easy DKIM: SES signs with its own keys (and rotates them) once the three CNAMEs are published.
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
      // The bounce address becomes bounce.<domain>, so SPF passes for the sender's own domain and aligns.
      mailFromDomain: this.mailFromDomain,
      // A broken MX must not stop the digests: SES then falls back to its own amazonses.com MAIL FROM,
      // SPF no longer aligns, but DKIM still does, and DMARC passes on one aligned method.
      mailFromBehaviorOnMxFailure: ses.MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
      // The default set for this identity, so a message sent without the header still reports its bounces.
      configurationSet: this.configurationSet,
    })
    const dmarc = dmarcRecordValue(dmarcPolicy, dmarcReportAddress)
    if (zone !== undefined) {
      new route53.TxtRecord(this, 'Dmarc', {
        zone,
        recordName: `_dmarc.${props.senderDomain}`,
        values: [dmarc],
      })
    }
    this.dnsRecords = emailDnsRecords({
      senderDomain: props.senderDomain,
      mailFromDomain: this.mailFromDomain,
      region: Stack.of(this).region,
      dmarcPolicy,
      dmarcReportAddress,
      dkim: this.identity.dkimRecords,
    })
    this.publishesRecords = zone !== undefined

    if (RESERVED_DOMAIN.test(props.senderDomain)) {
      Annotations.of(this).addWarningV2(
        'pressroom:placeholderSender',
        `senderDomain ${props.senderDomain} is a placeholder that SES can never verify: ` +
          'set -c mailFrom="Name <news@your-domain>" (and publish the DKIM records) before sending.',
      )
    }
  }

  /**
   * Lets `grantee` send raw email from the sender domain through the configuration set, and nothing else.
   *
   * Not `identity.grantSendEmail()`: that also grants ses:SendEmail (the mailer only calls SendRawEmail)
   * and covers only the identity ARN, while SES authorizes a send against the configuration set it uses
   * too, so every send would be denied.
   */
  grantSend(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendRawEmail'],
      resourceArns: [this.identity.emailIdentityArn, this.configurationSetArn],
    })
  }

  get configurationSetArn(): string {
    return Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    })
  }
}
