import { Stack, Validations, type CfnElement } from 'aws-cdk-lib'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as iam from 'aws-cdk-lib/aws-iam'
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import type { IConstruct } from 'constructs'
import { PressroomFunction } from './constructs/app-function'
import type { Cdn } from './constructs/cdn'
import type { DigestPipeline } from './constructs/digest-pipeline'
import type { GoLive } from './constructs/go-live'
import type { HttpApi } from './constructs/http-api'
import type { MediaLibrary } from './constructs/media-library'

/** The constructs whose cdk-nag (AwsSolutions) findings are accepted, each with its reason below. */
export interface NagSubjects {
  readonly table: dynamodb.ITableV2
  readonly cdn: Cdn
  readonly web: HttpApi
  readonly digests: DigestPipeline
  readonly goLive: GoLive
  readonly media: MediaLibrary
  readonly adminTokenSecret: secretsmanager.ISecret
  readonly tokenSecret: secretsmanager.ISecret
  readonly originVerifySecret: secretsmanager.ISecret
}

/** How cdk-nag names a CloudFormation reference inside a finding id: <LogicalId.Attribute>. */
const ref = (element: IConstruct, attribute: string) =>
  `<${Stack.of(element).resolve((element.node.defaultChild as CfnElement).logicalId)}.${attribute}>`

const acknowledge = (scope: IConstruct, id: string, reason: string) =>
  Validations.of(scope).acknowledge({ id, reason })

/**
 * Every AwsSolutions finding the stack accepts, in one place, each with the reason it is accepted. A
 * finding is acknowledged on the construct it is about (and only for the resource it names, where the rule
 * reports one), so a new resource with the same problem still fails synth and the tests.
 */
export function acknowledgeNagFindings(stack: Stack, subjects: NagSubjects): void {
  const { table, cdn, web, digests, goLive, media, adminTokenSecret, tokenSecret, originVerifySecret } =
    subjects

  // Secrets Manager
  acknowledge(
    adminTokenSecret,
    'AwsSolutions-SMG4',
    'The admin token is a static bearer token the operator keeps; rotating it needs a rotation function ' +
      'and breaks every admin client at once, so the operator rotates it by hand (put-secret-value).',
  )
  acknowledge(
    tokenSecret,
    'AwsSolutions-SMG4',
    'The link-signing key must not rotate: a new key voids every confirm, preferences and unsubscribe ' +
      'link already mailed, and unsubscribe links must keep working.',
  )
  acknowledge(
    originVerifySecret,
    'AwsSolutions-SMG4',
    'CloudFront gets its value at deploy time (a dynamic reference in the distribution), so a rotation ' +
      'must be followed by a deploy; the README says how to rotate it by hand.',
  )

  // Lambda: the same reasons hold for every function, since PressroomFunction builds them all alike.
  for (const fn of stack.node
    .findAll()
    .filter((c): c is PressroomFunction => c instanceof PressroomFunction)) {
    acknowledge(
      fn,
      'AwsSolutions-L1',
      'Pinned to Node.js 22 (LTS) on purpose: the esbuild target, the engines field, local development ' +
        'and the tests assume it; a runtime upgrade is its own tested change.',
    )
    acknowledge(
      fn.role!,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'AWSLambdaBasicExecutionRole grants only logs:CreateLogGroup, CreateLogStream and PutLogEvents, the ' +
        "documented minimum for a function's logs.",
    )
    acknowledge(
      fn.role!,
      `AwsSolutions-IAM5[Resource::${ref(table, 'Arn')}/index/*]`,
      "The functions query the Pressroom table's own global secondary indexes (GSI1, GSI2); index/* " +
        'names the indexes of that one table and no other.',
    )
  }
  acknowledge(
    digests.sender.role!,
    'AwsSolutions-IAM5[Resource::*]',
    'ses:GetSendQuota has no resource-level permissions, so it can only be granted on "*"; it is the ' +
      'only action on "*" (the sender reads the account\'s sending rate and sends nothing with it).',
  )
  const schedulerRoles = stack.node.children.filter(
    (child) => child instanceof iam.Role && child.node.id.startsWith('SchedulerRoleForTarget-'),
  )
  for (const role of schedulerRoles) {
    acknowledge(
      role,
      `AwsSolutions-IAM5[Resource::${ref(digests.planner, 'Arn')}:*]`,
      "EventBridge Scheduler's LambdaInvoke target grants invoke on the planner and its versions " +
        "(<planner ARN>:*); that is this one function's qualifiers, nothing else.",
    )
  }

  acknowledge(
    web.handler.role!,
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/' +
      `${Stack.of(goLive).resolve(goLive.group.scheduleGroupName)}/*]`,
    'The HTTP function creates, moves and deletes one go-live schedule per scheduled article, named after ' +
      "the article, so it needs every schedule name in the go-live group; schedule/<group>/* is that one group's.",
  )
  acknowledge(
    goLive.schedulerRole,
    `AwsSolutions-IAM5[Resource::${ref(goLive.handler, 'Arn')}:*]`,
    'grantInvoke on the go-live function covers its versions (<function ARN>:*); that is this one ' +
      "function's qualifiers, nothing else.",
  )

  // S3: the media bucket (docs/decisions/021-media-storage.md)
  acknowledge(
    web.handler.role!,
    `AwsSolutions-IAM5[Resource::${ref(media.bucket, 'Arn')}/media/*]`,
    'The desk stores each upload under a name of its own (the SHA-256 of its bytes), so the HTTP function ' +
      'may put any key under media/ in the media bucket; it can neither read, list nor delete them.',
  )
  acknowledge(
    web.handler.role!,
    'AwsSolutions-IAM5[Action::s3:Abort*]',
    "grantPut's s3:Abort* (AbortMultipartUpload) on the media bucket's media/ keys only: it ends an " +
      'unfinished upload of the function itself, and grants no other action on any other resource.',
  )
  acknowledge(
    media.bucket,
    'AwsSolutions-S1',
    'No server access logs: the only reader is CloudFront (origin access control) and the only writer ' +
      'the HTTP function, whose uploads the audit log and CloudTrail already record; a log bucket would ' +
      'hold nothing new and need a lifecycle of its own.',
  )

  // API Gateway
  acknowledge(
    web.api,
    'AwsSolutions-APIG4',
    'The site, feeds and subscription pages are public by design; the admin API (/api/*) checks its ' +
      'bearer token in the app (functions/http/admin-auth.ts) against a Secrets Manager secret.',
  )

  // CloudFront
  acknowledge(
    cdn.distribution,
    'AwsSolutions-CFR1',
    'A public publication: its readers and subscribers may be anywhere, so there is no country to block.',
  )
  acknowledge(
    cdn.distribution,
    'AwsSolutions-CFR2',
    "No WAF: a web ACL's monthly charge outweighs what it adds here; the app rate-limits subscriptions " +
      'per address, CloudFront absorbs floods of cached reads (Shield Standard), and the admin API needs ' +
      'a bearer token.',
  )
  acknowledge(
    cdn.distribution,
    'AwsSolutions-CFR3',
    "No access logs: they would store every reader's and subscriber's IP address, personal data the " +
      'publication has no use for; CloudWatch metrics, alarms and the API access log (without addresses) ' +
      'cover operations.',
  )
  acknowledge(
    cdn.distribution,
    'AwsSolutions-CFR4',
    'The distribution uses the default *.cloudfront.net certificate, for which CloudFront fixes the ' +
      'security policy (TLSv1); a minimum of TLSv1.2 needs a custom domain with an ACM certificate.',
  )
}
