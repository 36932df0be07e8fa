import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Duration, FeatureFlags } from 'aws-cdk-lib'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs'
import * as logs from 'aws-cdk-lib/aws-logs'
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import type { StackConfig } from '../stack-config'
import type { Email } from './email'

/** What the stack's functions share: configuration, the table, the secrets (each granted where read), SES. */
export interface AppResources {
  readonly config: StackConfig
  readonly table: dynamodb.ITableV2
  /** The admin API's bearer token: only the HTTP function reads it. */
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
  /** @default 512 */
  readonly memorySize?: number
  /** @default 10 seconds */
  readonly timeout?: Duration
  /** @default - none: the function draws on the account's unreserved concurrency */
  readonly reservedConcurrentExecutions?: number
  /**
   * The secrets the entry point's builder (functions/<entry>/deps.ts) reads: each is granted, and its ARN
   * passed, to this function only. tests/infra checks the list against what each builder really reads.
   * @default - none
   */
  readonly secrets?: readonly AppSecret[]
  /**
   * Packages to leave out of the bundle, besides the AWS SDK that the runtime provides. Only for code
   * that is reachable in the import graph but never loaded at run time: a require() of one of them fails.
   */
  readonly unbundledModules?: string[]
  /**
   * Files, relative to the repository root, copied into the function's package at the same path. Lambda
   * runs with the package root (/var/task) as the working directory, so a relative path finds them.
   */
  readonly bundledFiles?: string[]
}

/** adminToken: the admin API's bearer token. linkSigningKey: signs the links in emails. */
export type AppSecret = 'adminToken' | 'linkSigningKey'

// Resolved from this file rather than the cwd, so synth works from tests, the CLI or another directory.
const fromRepoRoot = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url))

/** What NodejsFunction leaves out by default on Node.js 22: the SDK v3 the Lambda runtime provides. */
const sdkExternals = (scope: Construct) =>
  FeatureFlags.of(scope).isEnabled('@aws-cdk/aws-lambda-nodejs:sdkV3ExcludeSmithyPackages')
    ? ['@aws-sdk/*', '@smithy/*']
    : ['@aws-sdk/*']

/** Bundling hooks that copy `files` from the project root into the package, keeping their paths. */
function copyFiles(files: string[]): nodejs.ICommandHooks {
  // Node rather than cp, so local bundling works wherever synth does.
  const copy = (from: string, to: string) =>
    `node -e "require('fs').cpSync(process.argv[1], process.argv[2])" "${from}" "${to}"`
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) =>
      files.map((file) => copy(join(inputDir, file), join(outputDir, file))),
  }
}

/** The environment functions/config.ts parses; SITE_URL is added separately (see setSiteUrl). */
function appEnvironment(
  { config, table, adminTokenSecret, tokenSecret, email }: AppResources,
  secrets: readonly AppSecret[],
) {
  const optional = (name: string, value: string | undefined) => (value ? { [name]: value } : {})
  return {
    NODE_OPTIONS: '--enable-source-maps',
    TABLE_NAME: table.tableName,
    FEED_SIZE: String(config.feedSize),
    PUBLICATION_TITLE: config.publicationTitle,
    PUBLICATION_LANG: config.publicationLang,
    ...optional('PUBLICATION_DESCRIPTION', config.publicationDescription),
    ...optional('PUBLICATION_TIME_ZONE', config.publicationTimeZone),
    ...optional('PUBLICATION_LOGO_URL', config.publicationLogoUrl),
    ...optional('WEBSUB_HUBS', config.websubHubs?.join(',')),
    ...optional('INDEXNOW_KEY', config.indexNowKey),
    ...optional('NAVER_SITE_VERIFICATION', config.naverSiteVerification),
    ...optional('GOOGLE_SITE_VERIFICATION', config.googleSiteVerification),
    ...optional('WARMUP_SCHEDULE', config.warmUpSchedule),
    // Only ARNs, and only of the secrets this function reads: the values never appear in the template or
    // the function configuration.
    ...(secrets.includes('adminToken') && { ADMIN_TOKEN_SECRET_ARN: adminTokenSecret.secretArn }),
    ...(secrets.includes('linkSigningKey') && { TOKEN_SECRET_ARN: tokenSecret.secretArn }),
    MAIL_FROM: config.mailFrom,
    // The DKIM signing domain: the functions refuse to start if MAIL_FROM would not align with it.
    SES_SENDER_DOMAIN: config.senderDomain,
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
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
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
        ...(props.bundledFiles !== undefined && { commandHooks: copyFiles(props.bundledFiles) }),
        ...(props.unbundledModules !== undefined && {
          externalModules: [...sdkExternals(scope), ...props.unbundledModules],
        }),
      },
      environment: appEnvironment(props.app, props.secrets ?? []),
    })

    const { table, adminTokenSecret, tokenSecret, email } = props.app
    table.grantReadWriteData(this)
    const secrets = props.secrets ?? []
    if (secrets.includes('adminToken')) adminTokenSecret.grantRead(this)
    if (secrets.includes('linkSigningKey')) tokenSecret.grantRead(this)
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
