import { Duration } from 'aws-cdk-lib'
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway'
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import * as logs from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import { PressroomFunction, type AppResources } from './app-function'

export interface HttpApiProps {
  readonly app: AppResources
}

/**
 * One JSON line per request. No address (behind CloudFront it is an edge server's) and no query string
 * ($context.path has none), so the signed tokens in subscription links never reach the logs.
 */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    time: '$context.requestTime',
    method: '$context.httpMethod',
    path: '$context.path',
    status: '$context.status',
    bytes: '$context.responseLength',
    latencyMs: '$context.responseLatency',
    integrationLatencyMs: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
)

/**
 * The public site, feeds and admin API: one Lambda running the Hono app behind an HTTP API. Readers reach
 * it through the Cdn construct; SITE_URL is set by the stack once the public URL is known (setSiteUrl).
 */
export class HttpApi extends Construct {
  readonly handler: PressroomFunction
  readonly api: apigwv2.HttpApi
  readonly stage: apigwv2.HttpStage
  readonly accessLogs: logs.LogGroup

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id)

    this.handler = new PressroomFunction(this, 'Handler', {
      entry: 'functions/http/lambda.ts',
      description: 'Pressroom site, feeds, subscriptions and admin API',
      app: props.app,
      // buildHttpDeps(): the admin API's token; the links of subscription pages and confirmations.
      secrets: ['adminToken', 'linkSigningKey'],
      // 2 × measured peak RSS is 384 MB; 512 for the CPU of a reader's cold start (docs/capacity.md).
      memorySize: 512,
      timeout: Duration.seconds(10),
    })

    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: 'Pressroom site, feeds and admin API',
      defaultIntegration: new HttpLambdaIntegration('App', this.handler, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
      // Made below, with access logging; the construct's own default stage has no such option.
      createDefaultStage: false,
    })

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH })
    // The same id and scope as the stage HttpApi would have made, so the stage keeps its logical id.
    this.stage = new apigwv2.HttpStage(this.api, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    })
  }
}
