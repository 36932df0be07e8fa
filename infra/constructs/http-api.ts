import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import { Construct } from 'constructs'
import { PressroomFunction, type AppResources } from './app-function'

export interface HttpApiProps {
  readonly app: AppResources
}

/** The public site, feeds and admin API: one Lambda running the Hono app behind an HTTP API. */
export class HttpApi extends Construct {
  readonly handler: PressroomFunction
  readonly api: apigwv2.HttpApi
  /** The site's public base URL, without a trailing slash. */
  readonly siteUrl: string

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id)

    this.handler = new PressroomFunction(this, 'Handler', {
      entry: 'functions/http/lambda.ts',
      description: 'Pressroom site, feeds, subscriptions and admin API',
      app: props.app,
    })

    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: 'Pressroom site, feeds and admin API',
      defaultIntegration: new HttpLambdaIntegration('App', this.handler, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
    })

    // apiEndpoint has no trailing slash (unlike `api.url`), matching the configured siteUrl's normal form.
    this.siteUrl = props.app.config.siteUrl ?? this.api.apiEndpoint
    // Set after the API exists: the function depends on the API's id, the API only on the integration.
    this.handler.setSiteUrl(this.siteUrl)
  }
}
