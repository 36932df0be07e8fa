import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { App } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TABLE_SCHEMA } from '../../functions/adapters/dynamodb/table-schema'
import { PressroomStack } from '../../infra/pressroom-stack'
import { CONTEXT_KEYS, parseStackConfig } from '../../infra/stack-config'

// The context `cdk synth` uses (feature flags, defaults), so the asserted template is the deployed one.
const cdkContext: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'),
).context

type Resource = {
  Type: string
  // Template JSON is untyped; the expectations below are what check its shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  Properties: Record<string, any>
  DeletionPolicy?: string
  UpdateReplacePolicy?: string
}

// Each App synthesizes into its own temp dir; the bundle alone is ~5 MB, so don't leave them behind.
const outdirs: string[] = []
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function synth(context: Record<string, unknown>, retainData?: boolean) {
  const app = new App({ context: { ...cdkContext, ...context } })
  outdirs.push(app.outdir)
  const config = parseStackConfig(
    Object.fromEntries(CONTEXT_KEYS.map((key) => [key, app.node.tryGetContext(key)])),
  )
  const stack = new PressroomStack(app, 'Pressroom', { config, retainData })
  return { app, template: Template.fromStack(stack) }
}

function onlyResource(template: Template, type: string): [string, Resource] {
  const found = Object.entries(template.findResources(type)) as [string, Resource][]
  expect(found, `exactly one ${type}`).toHaveLength(1)
  return found[0]!
}

describe('PressroomStack (cdk.json defaults)', () => {
  let template: Template
  let outdir: string
  let tableId: string
  let table: Resource
  let secretId: string
  let fn: Resource

  // One synth for the whole file: it runs esbuild over the real Lambda entry.
  beforeAll(() => {
    const synthesized = synth({})
    template = synthesized.template
    outdir = synthesized.app.outdir
    ;[tableId, table] = onlyResource(template, 'AWS::DynamoDB::GlobalTable')
    ;[secretId] = onlyResource(template, 'AWS::SecretsManager::Secret')
    ;[, fn] = onlyResource(template, 'AWS::Lambda::Function')
  })

  describe('table', () => {
    it('uses the key schema from TABLE_SCHEMA', () => {
      expect(table.Properties.KeySchema).toEqual([
        { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_SCHEMA.sortKey, KeyType: 'RANGE' },
      ])
    })

    it('has every GSI from TABLE_SCHEMA, string keys, projection ALL', () => {
      const indexes = table.Properties.GlobalSecondaryIndexes
      expect(indexes).toHaveLength(TABLE_SCHEMA.globalSecondaryIndexes.length)
      for (const gsi of TABLE_SCHEMA.globalSecondaryIndexes) {
        expect(indexes).toContainEqual({
          IndexName: gsi.indexName,
          KeySchema: [
            { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
            { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })
      }
      const keyNames = [
        TABLE_SCHEMA.partitionKey,
        TABLE_SCHEMA.sortKey,
        ...TABLE_SCHEMA.globalSecondaryIndexes.flatMap((gsi) => [gsi.partitionKey, gsi.sortKey]),
      ]
      expect(table.Properties.AttributeDefinitions).toEqual(
        expect.arrayContaining(keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
      )
    })

    it('bills on demand', () => {
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST')
    })

    it('has point-in-time recovery and deletion protection', () => {
      const [replica] = table.Properties.Replicas
      expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true })
      expect(replica.DeletionProtectionEnabled).toBe(true)
    })

    it('is retained when the stack is deleted or the table replaced', () => {
      expect(table.DeletionPolicy).toBe('Retain')
      expect(table.UpdateReplacePolicy).toBe('Retain')
    })
  })

  describe('function', () => {
    it('runs Node.js 22 on arm64 with the bundled ESM handler', () => {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 512,
        Timeout: 10,
      })
    })

    it('was bundled locally as ESM with the createRequire banner and a source map', () => {
      const assetHash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')
      const bundle = join(outdir, `asset.${assetHash}`, 'index.mjs')
      expect(readFileSync(bundle, 'utf8')).toMatch(
        /^import\s*\{\s*createRequire\s*\}\s*from\s*['"]module['"]/,
      )
      expect(existsSync(`${bundle}.map`)).toBe(true)
    })

    it('gets its configuration from the environment, with the admin token only by ARN', () => {
      const vars: Record<string, unknown> = fn.Properties.Environment.Variables
      expect(vars).toMatchObject({
        NODE_OPTIONS: '--enable-source-maps',
        TABLE_NAME: { Ref: tableId },
        ADMIN_TOKEN_SECRET_ARN: { Ref: secretId },
        FEED_SIZE: '20',
        PUBLICATION_TITLE: 'Pressroom',
        PUBLICATION_LANG: 'en',
      })
      expect(vars).toHaveProperty('SITE_URL')
      expect(vars).not.toHaveProperty('ADMIN_TOKEN')
      expect(JSON.stringify(vars)).not.toContain('resolve:secretsmanager')
    })

    it('defaults SITE_URL to the API endpoint, which has no trailing slash', () => {
      const [apiId] = onlyResource(template, 'AWS::ApiGatewayV2::Api')
      // ApiEndpoint is https://{id}.execute-api.{region}.amazonaws.com; `api.url` would add a trailing slash.
      expect(fn.Properties.Environment.Variables.SITE_URL).toEqual({ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] })
    })

    it('logs to a group kept for one month', () => {
      const [logGroupId, logGroup] = onlyResource(template, 'AWS::Logs::LogGroup')
      expect(logGroup.Properties.RetentionInDays).toBe(30)
      expect(fn.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: logGroupId } })
    })
  })

  describe('permissions', () => {
    let statements: Array<{ Action: string | string[]; Resource: unknown }>

    beforeAll(() => {
      const [, policy] = onlyResource(template, 'AWS::IAM::Policy')
      expect(policy.Properties.Roles).toEqual([{ Ref: fn.Properties.Role['Fn::GetAtt'][0] }])
      statements = policy.Properties.PolicyDocument.Statement
    })

    const actionsOn = (resource: unknown) =>
      statements
        .filter((s) => [s.Resource].flat().some((r) => JSON.stringify(r) === JSON.stringify(resource)))
        .flatMap((s) => [s.Action].flat())

    it('can read and write the table and its indexes', () => {
      const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] }
      expect(actionsOn(tableArn)).toEqual(
        expect.arrayContaining([
          'dynamodb:GetItem',
          'dynamodb:Query',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:ConditionCheckItem',
        ]),
      )
      expect(actionsOn({ 'Fn::Join': ['', [tableArn, '/index/*']] })).toContain('dynamodb:Query')
    })

    it('can read the admin token secret', () => {
      expect(actionsOn({ Ref: secretId })).toContain('secretsmanager:GetSecretValue')
    })
  })

  it('generates a 40-character alphanumeric admin token', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { ExcludePunctuation: true, PasswordLength: 40 },
    })
  })

  describe('HTTP API', () => {
    it('sends every request to the function as a Lambda proxy with payload format 2.0', () => {
      const [apiId, api] = onlyResource(template, 'AWS::ApiGatewayV2::Api')
      expect(api.Properties.ProtocolType).toBe('HTTP')
      const [integrationId, integration] = onlyResource(template, 'AWS::ApiGatewayV2::Integration')
      const [fnId] = onlyResource(template, 'AWS::Lambda::Function')
      expect(integration.Properties).toMatchObject({
        ApiId: { Ref: apiId },
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [fnId, 'Arn'] },
      })
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        ApiId: { Ref: apiId },
        RouteKey: '$default',
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
      })
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: '$default', AutoDeploy: true })
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
      })
    })
  })

  it('outputs the URLs, the secret ARN and the table name', () => {
    const outputs = template.findOutputs('*')
    expect(Object.keys(outputs).sort()).toEqual(
      [
        'AdminTokenSecretArn',
        'ApiUrl',
        'AtomFeedUrl',
        'JsonFeedUrl',
        'RssFeedUrl',
        'SiteUrl',
        'TableName',
      ].sort(),
    )
    expect(outputs.AdminTokenSecretArn!.Value).toEqual({ Ref: secretId })
    expect(outputs.TableName!.Value).toEqual({ Ref: tableId })
    expect(JSON.stringify(outputs.RssFeedUrl!.Value)).toContain('/feed.xml')
    expect(JSON.stringify(outputs.AtomFeedUrl!.Value)).toContain('/atom.xml')
    expect(JSON.stringify(outputs.JsonFeedUrl!.Value)).toContain('/feed.json')
  })
})

describe('PressroomStack (custom site URL, disposable data)', () => {
  let template: Template

  beforeAll(() => {
    // Skipping bundling keeps this second synth instant; the first one already proved the bundle builds.
    template = synth({ siteUrl: 'https://news.example.com/', 'aws:cdk:bundling-stacks': [] }, false).template
  })

  it('uses the configured site URL, without its trailing slash, everywhere', () => {
    const [, fn] = onlyResource(template, 'AWS::Lambda::Function')
    expect(fn.Properties.Environment.Variables.SITE_URL).toBe('https://news.example.com')
    const outputs = template.findOutputs('*')
    expect(outputs.SiteUrl!.Value).toBe('https://news.example.com')
    expect(outputs.RssFeedUrl!.Value).toBe('https://news.example.com/feed.xml')
    expect(outputs.AtomFeedUrl!.Value).toBe('https://news.example.com/atom.xml')
    expect(outputs.JsonFeedUrl!.Value).toBe('https://news.example.com/feed.json')
  })

  it('lets a test stack delete its table', () => {
    const [, table] = onlyResource(template, 'AWS::DynamoDB::GlobalTable')
    expect(table.DeletionPolicy).toBe('Delete')
    expect(table.Properties.Replicas[0].DeletionProtectionEnabled).toBe(false)
  })
})

describe('parseStackConfig', () => {
  it('fills in defaults', () => {
    expect(parseStackConfig({})).toEqual({
      publicationTitle: 'Pressroom',
      publicationLang: 'en',
      feedSize: 20,
    })
  })

  it('coerces -c strings and treats blanks as unset', () => {
    expect(parseStackConfig({ feedSize: '30', siteUrl: '' })).toMatchObject({
      feedSize: 30,
      siteUrl: undefined,
    })
  })

  it.each([
    ['feedSize', 0],
    ['feedSize', 'twenty'],
    ['feedSize', 101],
    ['siteUrl', 'news.example.com'],
    ['siteUrl', 'ftp://news.example.com'],
    ['publicationLang', 'english please'],
    ['publicationTitle', '   '],
  ])('rejects %s = %j, naming the context key', (key, value) => {
    expect(() => parseStackConfig({ [key]: value })).toThrow(`context key "${key}"`)
  })
})
