import type { APIGatewayProxyEventV2, APIGatewayProxyResult, Context } from 'aws-lambda'
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { createDynamoClients } from '../../functions/clients'
import { ensureTable } from '../../functions/adapters/dynamodb/ensure-table'

const TOKEN = 'lambda-test-token-0123456789'

/** An HTTP API (payload format 2.0) event as API Gateway sends it. */
function httpApiEvent(
  method: string,
  rawPath: string,
  options: { body?: string; headers?: Record<string, string>; rawQueryString?: string } = {},
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: options.rawQueryString ?? '',
    headers: {
      accept: '*/*',
      host: 'abc123.execute-api.eu-west-1.amazonaws.com',
      'user-agent': 'curl/8.5.0',
      'x-forwarded-for': '203.0.113.9',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...options.headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'curl/8.5.0' },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: '$default',
      stage: '$default',
      time: '27/Nov/2026:09:00:00 +0000',
      timeEpoch: 1795770000000,
    },
    isBase64Encoded: false,
    ...(options.body !== undefined && { body: options.body }),
  }
}

const context = { awsRequestId: 'req-1', functionName: 'pressroom-http' } as Context

describe('the HTTP Lambda handler', () => {
  let handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResult>

  beforeAll(async () => {
    const tableName = `lambda-${randomUUID()}`
    const endpoint = inject('dynamoEndpoint')
    await ensureTable(createDynamoClients({ region: 'us-east-1', endpoint }).client, tableName)
    // The same environment the CDK stack sets, with a local endpoint instead of AWS.
    Object.assign(process.env, {
      TABLE_NAME: tableName,
      SITE_URL: 'https://news.example.com',
      ADMIN_TOKEN: TOKEN,
      TOKEN_SECRET: 'lambda-test-link-secret-0123456789abcdef',
      DYNAMODB_ENDPOINT: endpoint,
      AWS_REGION: 'us-east-1',
      PUBLICATION_LANG: 'ko',
    })
    handler = (await import('../../functions/http/lambda')).handler as unknown as typeof handler
  })

  it('publishes through the admin API and serves the article in the RSS feed', async () => {
    const created = await handler(
      httpApiEvent('POST', '/api/articles', {
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: '람다에서 쓴 글',
          body: '## 본문\n\n안녕하세요.',
          status: 'published',
          tags: ['테스트'],
        }),
      }),
      context,
    )
    expect(created.statusCode).toBe(201)

    const feed = await handler(httpApiEvent('GET', '/feed.xml'), context)
    expect(feed.statusCode).toBe(200)
    expect(feed.headers?.['content-type']).toBe('application/rss+xml; charset=utf-8')
    const xml = feed.isBase64Encoded ? Buffer.from(feed.body, 'base64').toString('utf8') : feed.body
    expect(xml).toContain('람다에서 쓴 글')
    expect(xml).toContain('<link>https://news.example.com/articles/ramdaeseo-sseun-geul</link>')
  })

  it('refuses the admin API without the token', async () => {
    const response = await handler(httpApiEvent('GET', '/api/articles'), context)
    expect(response.statusCode).toBe(401)
    expect(JSON.parse(response.body)).toMatchObject({ error: 'unauthorized' })
  })
})
