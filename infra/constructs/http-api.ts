import { fileURLToPath } from 'node:url'
import { Duration } from 'aws-cdk-lib'
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs'
import * as logs from 'aws-cdk-lib/aws-logs'
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import { Construct } from 'constructs'
import type { StackConfig } from '../stack-config'

export interface HttpApiProps {
  readonly table: dynamodb.ITableV2
  readonly config: StackConfig
}

// Resolved from this file rather than the cwd, so synth works from tests, the CLI or another directory.
const fromRepoRoot = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url))

/** The public site, feeds and admin API: one Lambda running the Hono app behind an HTTP API. */
export class HttpApi extends Construct {
  readonly handler: nodejs.NodejsFunction
  readonly api: apigwv2.HttpApi
  readonly adminTokenSecret: secretsmanager.Secret
  /** The site's public base URL, without a trailing slash. */
  readonly siteUrl: string

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id)
    const { table, config } = props

    this.adminTokenSecret = new secretsmanager.Secret(this, 'AdminToken', {
      description: 'Bearer token for the Pressroom admin API',
      // Alphanumeric only, so the token can be pasted into a shell or an Authorization header unquoted.
      generateSecretString: { excludePunctuation: true, passwordLength: 40 },
    })

    // An explicit group, so retention is set by CloudFormation rather than a log-retention custom resource.
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH })

    this.handler = new nodejs.NodejsFunction(this, 'Handler', {
      entry: fromRepoRoot('functions/http/lambda.ts'),
      handler: 'handler',
      projectRoot: fromRepoRoot(''),
      depsLockFilePath: fromRepoRoot('package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(10),
      logGroup,
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
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        TABLE_NAME: table.tableName,
        FEED_SIZE: String(config.feedSize),
        PUBLICATION_TITLE: config.publicationTitle,
        PUBLICATION_LANG: config.publicationLang,
        // Only the ARN: the token itself never appears in the template or the function configuration.
        ADMIN_TOKEN_SECRET_ARN: this.adminTokenSecret.secretArn,
      },
    })
    table.grantReadWriteData(this.handler)
    this.adminTokenSecret.grantRead(this.handler)

    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: 'Pressroom site, feeds and admin API',
      defaultIntegration: new HttpLambdaIntegration('App', this.handler, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
    })

    // apiEndpoint has no trailing slash (unlike `api.url`), matching the configured siteUrl's normal form.
    this.siteUrl = config.siteUrl ?? this.api.apiEndpoint
    // Added after the API exists: the function depends on the API's id, the API only on the integration.
    this.handler.addEnvironment('SITE_URL', this.siteUrl)
  }
}
