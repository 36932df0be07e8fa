import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib'
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import type { AppResources } from './constructs/app-function'
import { Cdn } from './constructs/cdn'
import { ConfirmationMail } from './constructs/confirmation-mail'
import { DataTable } from './constructs/data-table'
import { WebSubPings } from './constructs/websub-pings'
import { GoLive } from './constructs/go-live'
import { DigestPipeline, grantDigestOperations } from './constructs/digest-pipeline'
import { Email } from './constructs/email'
import { EmailFeedback } from './constructs/email-feedback'
import { HttpApi } from './constructs/http-api'
import { MediaLibrary } from './constructs/media-library'
import { Monitoring } from './constructs/monitoring'
import { acknowledgeNagFindings } from './nag-suppressions'
import { OUTPUT_OF_RECORD, type RecordPurpose, recordLine } from './email-dns-records'
import type { StackConfig } from './stack-config'

const RECORD_DESCRIPTION: Record<RecordPurpose, string> = {
  dkim: 'DNS record that verifies the sender domain and lets SES sign with DKIM',
  mailFromMx: 'MX of the MAIL FROM domain, where SES receives bounces',
  mailFromSpf: 'SPF of the MAIL FROM domain, authorising SES',
  dmarc: 'DMARC policy of the sender domain',
}

export interface PressroomStackProps extends StackProps {
  readonly config: StackConfig
  /** @default true — see DataTableProps.retain */
  readonly retainData?: boolean
}

export class PressroomStack extends Stack {
  constructor(scope: Construct, id: string, props: PressroomStackProps) {
    super(scope, id, props)
    const { config } = props

    const data = new DataTable(this, 'Data', { retain: props.retainData ?? true })
    const email = new Email(this, 'Email', {
      senderDomain: config.senderDomain,
      mailFromDomain: config.customMailFromDomain,
      dmarcPolicy: config.dmarcPolicy,
      dmarcReportAddress: config.dmarcReportAddress,
      ...(config.hostedZoneId !== undefined &&
        config.hostedZoneName !== undefined && {
          hostedZone: { id: config.hostedZoneId, name: config.hostedZoneName },
        }),
    })
    // Stack-level, granted per function to the builders that read them (PressroomFunction's `secrets`).
    const adminTokenSecret = new secretsmanager.Secret(this, 'AdminToken', {
      description: 'Bearer token for the Pressroom admin API',
      // Alphanumeric only, so the token can be pasted into a shell or an Authorization header unquoted.
      generateSecretString: { excludePunctuation: true, passwordLength: 40 },
    })
    const tokenSecret = new secretsmanager.Secret(this, 'LinkSigningKey', {
      description: 'HMAC key that signs the confirm, preferences and unsubscribe links in Pressroom emails',
      // 48 alphanumerics is ~285 bits, above HMAC-SHA256's 256 and config.ts's 32-character minimum.
      // Rotating it voids every link already sent, so it has no rotation schedule.
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
    })
    const app: AppResources = { config, table: data.table, adminTokenSecret, tokenSecret, email }
    const originVerifySecret = new secretsmanager.Secret(this, 'OriginVerify', {
      description:
        'Value CloudFront sends to the Pressroom API in X-Origin-Verify; only requests with it may name the ' +
        'reader in CloudFront-Viewer-Address (per-client rate limits)',
      generateSecretString: { excludePunctuation: true, passwordLength: 40 },
    })

    const web = new HttpApi(this, 'Web', { app })
    const cdn = new Cdn(this, 'Cdn', {
      api: web.api,
      originVerifySecret,
      ...(config.originVerifyRotation !== undefined && { originVerifyRotation: config.originVerifyRotation }),
    })
    // Only the HTTP function compares it (functions/http/client-address.ts), read once per cold start.
    web.handler.addEnvironment('ORIGIN_VERIFY_SECRET_ARN', originVerifySecret.secretArn)
    if (config.originVerifyRotation !== undefined) {
      // A changed configuration retires the warm instances, which know only the value before the rotation.
      web.handler.addEnvironment('ORIGIN_VERIFY_ROTATION', String(config.originVerifyRotation))
    }
    originVerifySecret.grantRead(web.handler)
    // Links, feeds and emails name the public URL: the configured siteUrl, else CloudFront's. No cycle:
    // the functions' SITE_URL needs the distribution, the distribution only the API resource (its origin
    // is <api id>.execute-api...), and the API resource nothing; only its integration, route and invoke
    // permission need the function, and the distribution needs none of those.
    const siteUrl = config.siteUrl ?? cdn.url
    web.handler.setSiteUrl(siteUrl)
    // The desk's cover images: a bucket of their own, served by the same distribution at /media/*.
    const media = new MediaLibrary(this, 'Media', {
      distribution: cdn.distribution,
      writer: web.handler,
      retain: props.retainData ?? true,
    })
    const feedback = new EmailFeedback(this, 'EmailFeedback', {
      app,
      siteUrl,
      eventsTopic: email.eventsTopic,
    })
    const digests = new DigestPipeline(this, 'Digest', { app, siteUrl })
    // The admin API and the desk preview, test and run digests through the planner (the HTTP function's
    // bundle has no MJML), and redrive the dead letters.
    grantDigestOperations(digests, web.handler)
    // POST /subscribe queues every request alike; this function mails the confirmations (no timing oracle).
    const confirmations = new ConfirmationMail(this, 'Confirmations', {
      app,
      siteUrl,
      requester: web.handler,
    })
    // Only with hubs or an IndexNow key configured: without them the HTTP function has nobody to tell.
    const websub =
      (config.websubHubs !== undefined && config.websubHubs.length > 0) || config.indexNowKey !== undefined
        ? new WebSubPings(this, 'WebSub', {
            app,
            siteUrl,
            writer: web.handler,
            distribution: cdn.distribution,
          })
        : undefined
    // Scheduled articles go live on their own, announced through the same queue as a publish.
    const goLive = new GoLive(this, 'GoLive', {
      app,
      siteUrl,
      writer: web.handler,
      ...(websub !== undefined && { feedChanges: websub.queue }),
    })

    const monitoring = new Monitoring(this, 'Monitoring', {
      alarmEmail: config.alarmEmail,
      functions: {
        Web: web.handler,
        EmailFeedback: feedback.handler,
        DigestPlanner: digests.planner,
        DigestSender: digests.sender,
        ConfirmationMailer: confirmations.handler,
        GoLive: goLive.handler,
        ...(websub !== undefined && { WebSubPinger: websub.handler }),
      },
      api: web.api,
      sendQueue: digests.queue,
      deadLetterQueue: digests.deadLetterQueue,
      confirmationDeadLetterQueue: confirmations.deadLetterQueue,
      ...(websub !== undefined && { webSubDeadLetterQueue: websub.deadLetterQueue }),
    })

    acknowledgeNagFindings(this, {
      table: data.table,
      cdn,
      web,
      digests,
      goLive,
      media,
      adminTokenSecret,
      tokenSecret,
      originVerifySecret,
    })

    const outputs: Record<string, [value: string, description: string]> = {
      SiteUrl: [siteUrl, 'Public base URL the app puts in links and feeds'],
      CdnUrl: [
        cdn.url,
        'CloudFront URL of the site (a siteUrl domain of your own also needs an alternate domain name and ' +
          'certificate on the distribution, which this stack does not set up)',
      ],
      CdnDistributionId: [cdn.distribution.distributionId, 'CloudFront distribution (for invalidations)'],
      ApiUrl: [web.api.apiEndpoint, 'HTTP API endpoint (execute-api), behind CloudFront: for diagnosis only'],
      RssFeedUrl: [`${siteUrl}/feed.xml`, 'RSS 2.0 feed'],
      AtomFeedUrl: [`${siteUrl}/atom.xml`, 'Atom feed'],
      JsonFeedUrl: [`${siteUrl}/feed.json`, 'JSON Feed'],
      AdminTokenSecretArn: [
        adminTokenSecret.secretArn,
        'Admin bearer token: aws secretsmanager get-secret-value --query SecretString --secret-id <this ARN>',
      ],
      TableName: [data.table.tableName, 'DynamoDB table holding articles and tag index entries'],
      MediaBucketName: [
        media.bucket.bucketName,
        "S3 bucket of the desk's uploaded images (served at /media/*)",
      ],
      SenderDomain: [
        email.identity.emailIdentityName,
        'SES domain identity: publish the DkimRecord1-3, MailFrom*Record and DmarcRecord records in its DNS ' +
          '(npm run dns-records), then ask AWS for SES production access; until then SES sends only to ' +
          'verified addresses',
      ],
      SesConfigurationSet: [
        email.configurationSet.configurationSetName,
        'SES configuration set of every email',
      ],
      AlarmTopicArn: [
        monitoring.topic.topicArn,
        'SNS topic of every alarm and recovery: subscribe more endpoints here (alarmEmail is subscribed)',
      ],
      DashboardName: [monitoring.dashboard.dashboardName, 'CloudWatch dashboard of the stack'],
      DigestDeadLetterQueueUrl: [
        digests.deadLetterQueue.queueUrl,
        'Digest delivery batches that failed 5 times; redrive them to the send queue once the cause is fixed',
      ],
      ConfirmationDeadLetterQueueUrl: [
        confirmations.deadLetterQueue.queueUrl,
        'Subscribe requests whose confirmation email failed 5 times; redrive them once the cause is fixed',
      ],
    }
    // Easy DKIM's CNAMEs come from CloudFormation at deploy time (the identity's attributes), not at synth.
    // `npm run dns-records -- --outputs <file>` and `npm run dns-check` read these lines back.
    const published = email.publishesRecords
      ? 'published by this stack in the Route 53 zone'
      : 'publish it in the DNS of the domain'
    let dkimCount = 0
    for (const record of email.dnsRecords) {
      const id = record.purpose === 'dkim' ? `DkimRecord${++dkimCount}` : OUTPUT_OF_RECORD[record.purpose]
      outputs[id] = [recordLine(record), `${RECORD_DESCRIPTION[record.purpose]}: ${published}`]
    }
    outputs.MailFromDomain = [
      email.mailFromDomain,
      'Custom MAIL FROM (Return-Path) domain: SES sends bounces to its MX, receivers check its SPF',
    ]
    for (const [id, [value, description]] of Object.entries(outputs))
      new CfnOutput(this, id, { value, description })
  }
}
