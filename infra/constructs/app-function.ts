import { fileURLToPath } from 'node:url'
import { Duration } from 'aws-cdk-lib'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs'
import * as logs from 'aws-cdk-lib/aws-logs'
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import type { StackConfig } from '../stack-config'
import type { Email } from './email'

/** What every function that calls getDeps() (functions/deps.ts) needs, whatever it is triggered by. */
export interface AppResources {
  readonly config: StackConfig
  readonly table: dynamodb.ITableV2
  /** Read at cold start: getDeps() loads the admin token even in functions that serve no admin API. */
  readonly adminTokenSecret: secretsmanager.ISecret
  /** Signs the links in emails. */
  readonly tokenSecret: secretsmanager.ISecret
  readonly email: Email
}

export interface PressroomFunctionProps {
  /** The handler module, relative to the repository root, e.g. 'functions/http/lambda.ts'. */
  readonly entry: string
  readonly app: AppResources
  /**
   * The site's public base URL. Omit it only when it depends on something built after the function (the
   * HTTP API's own endpoint), and call setSiteUrl() then: synth fails if it is never set.
   */
  readonly siteUrl?: string
  readonly description?: string
}

// Resolved from this file rather than the cwd, so synth works from tests, the CLI or another directory.
const fromRepoRoot = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url))

/** The environment functions/config.ts parses; SITE_URL is added separately (see setSiteUrl). */
function appEnvironment({ config, table, adminTokenSecret, tokenSecret, email }: AppResources) {
  const optional = (name: string, value: string | undefined) => (value ? { [name]: value } : {})
  return {
    NODE_OPTIONS: '--enable-source-maps',
    TABLE_NAME: table.tableName,
    FEED_SIZE: String(config.feedSize),
    PUBLICATION_TITLE: config.publicationTitle,
    PUBLICATION_LANG: config.publicationLang,
    ...optional('PUBLICATION_DESCRIPTION', config.publicationDescription),
    ...optional('WEBSUB_HUBS', config.websubHubs?.join(',')),
    // Only ARNs: the secrets themselves never appear in the template or the function configuration.
    ADMIN_TOKEN_SECRET_ARN: adminTokenSecret.secretArn,
    TOKEN_SECRET_ARN: tokenSecret.secretArn,
    MAIL_FROM: config.mailFrom,
    ...optional('POSTAL_ADDRESS', config.postalAddress),
    // The mailer names it in every message, so SES publishes that message's bounces and complaints.
    SES_CONFIGURATION_SET: email.configurationSet.configurationSetName,
  }
}

/**
 * A Pressroom Lambda: the one place that sets the runtime, the bundling, the environment every entry point
 * parses and the grants that go with it, so a new entry point cannot miss a variable or a permission.
 */
export class PressroomFunction extends nodejs.NodejsFunction {
  private siteUrlSet = false

  constructor(scope: Construct, id: string, props: PressroomFunctionProps) {
    super(scope, id, {
      entry: fromRepoRoot(props.entry),
      handler: 'handler',
      description: props.description,
      projectRoot: fromRepoRoot(''),
      depsLockFilePath: fromRepoRoot('package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(10),
      // An explicit group, so retention is set by CloudFormation rather than a log-retention custom
      // resource. A sibling of the function, since a construct's children cannot exist before super().
      logGroup: new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH }),
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        mainFields: ['module', 'main'],
        // esbuild is a devDependency; never silently fall back to a Docker build.
        forceDockerBundling: false,
      },
      environment: appEnvironment(props.app),
    })

    const { table, adminTokenSecret, tokenSecret, email } = props.app
    table.grantReadWriteData(this)
    adminTokenSecret.grantRead(this)
    tokenSecret.grantRead(this)
    email.grantSend(this)

    if (props.siteUrl !== undefined) this.setSiteUrl(props.siteUrl)
    // SITE_URL is the one required variable that may come late; a function without it dies at cold start.
    this.node.addValidation({
      validate: () => (this.siteUrlSet ? [] : [`${this.node.path}: SITE_URL was never set (setSiteUrl)`]),
    })
  }

  /** Sets SITE_URL, the public base URL (no trailing slash) the app puts in links, feeds and emails. */
  setSiteUrl(siteUrl: string): void {
    this.addEnvironment('SITE_URL', siteUrl)
    this.siteUrlSet = true
  }
}
