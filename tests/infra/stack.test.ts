import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App, Stack } from 'aws-cdk-lib'
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions'
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleLambda, SDK_EXTERNALS } from '../../bench/support/lambda-bundle'
import { TABLE_SCHEMA, TTL_ATTRIBUTE } from '../../functions/adapters/dynamodb/table-schema'
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager'
import { SESClient } from '@aws-sdk/client-ses'
import type { Clients } from '../../functions/clients'
import { loadConfig, type Config } from '../../functions/config'
import { buildConfirmationDeps } from '../../functions/confirmations/deps'
import { buildPlanDeps } from '../../functions/digest/deps'
import { sendQueueUrl } from '../../functions/digest/handle-schedule'
import { buildGoLiveDeps } from '../../functions/go-live/deps'
import { buildHttpDeps } from '../../functions/http/deps'
import { buildSendDeps } from '../../functions/send/deps'
import { buildFeedbackDeps } from '../../functions/ses-events/deps'
import { PressroomFunction } from '../../infra/constructs/app-function'
import { ADMIN_API_PATH, FORWARDED_HEADERS } from '../../infra/constructs/cdn'
import { DataTable } from '../../infra/constructs/data-table'
import { Email } from '../../infra/constructs/email'
import { SES_BOUNCE_RATE_THRESHOLD, SES_COMPLAINT_RATE_THRESHOLD } from '../../infra/constructs/monitoring'
import { PressroomStack } from '../../infra/pressroom-stack'
import { CONTEXT_KEYS, parseStackConfig } from '../../infra/stack-config'

// The context `cdk synth` uses (feature flags, defaults), so the asserted template is the deployed one.
const cdkContext: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'),
).context

// Template JSON is untyped; the expectations below are what check its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any
type Resource = {
  Type: string
  Properties: Record<string, Json>
  DeletionPolicy?: string
  UpdateReplacePolicy?: string
}
type Statement = { Action: string | string[]; Resource: Json; Effect: string }

// Skips esbuild: for synths after the first, which already proved both bundles build.
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] }

// Each App synthesizes into its own temp dir; the bundles alone are ~8 MB, so don't leave them behind.
const outdirs: string[] = []
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function synth(context: Record<string, unknown>, retainData?: boolean) {
  const app = new App({ context: { ...cdkContext, ...context } })
  outdirs.push(app.outdir)
  const config = parseStackConfig(
    Object.fromEntries(CONTEXT_KEYS.map((key) => [key, app.node.tryGetContext(key)])),
  )
  const stack = new PressroomStack(app, 'Pressroom', { config, retainData })
  return { app, stack, template: Template.fromStack(stack) }
}

function only(template: Template, type: string, idPrefix = ''): [string, Resource] {
  const found = (Object.entries(template.findResources(type)) as [string, Resource][]).filter(([id]) =>
    id.startsWith(idPrefix),
  )
  expect(found, `exactly one ${type} ${idPrefix}`).toHaveLength(1)
  return found[0]!
}

/** The functions, by the logical-id prefix of their construct path (Web/Handler, Digest/Planner, ...). */
const FUNCTIONS = [
  'WebHandler',
  'EmailFeedbackHandler',
  'DigestPlanner',
  'DigestSender',
  'ConfirmationsHandler',
  'GoLiveHandler',
] as const
type FunctionName = (typeof FUNCTIONS)[number]

/** Memory (MB) and timeout (s), as measured and chosen in docs/capacity.md, "Lambda sizing". */
const SIZING: Record<FunctionName, { MemorySize: number; Timeout: number }> = {
  WebHandler: { MemorySize: 512, Timeout: 10 },
  EmailFeedbackHandler: { MemorySize: 256, Timeout: 10 },
  DigestPlanner: { MemorySize: 1024, Timeout: 300 },
  DigestSender: { MemorySize: 512, Timeout: 120 },
  ConfirmationsHandler: { MemorySize: 256, Timeout: 30 },
  GoLiveHandler: { MemorySize: 256, Timeout: 30 },
}
/**
 * The secrets each function may read, by the environment variable that names it. The planner renders with
 * placeholders and the feedback function makes no link, so neither reads any.
 */
const SECRET_VARIABLES: Record<FunctionName, string[]> = {
  WebHandler: ['ADMIN_TOKEN_SECRET_ARN', 'TOKEN_SECRET_ARN'],
  EmailFeedbackHandler: [],
  DigestPlanner: [],
  DigestSender: ['TOKEN_SECRET_ARN'],
  ConfirmationsHandler: ['TOKEN_SECRET_ARN'],
  GoLiveHandler: [],
}

/** Each function's builder, as its lambda.ts calls it. */
const BUILDERS: Record<FunctionName, (config: Config, clients: Partial<Clients>) => Promise<unknown>> = {
  WebHandler: (config, clients) => buildHttpDeps(config, { clients }),
  EmailFeedbackHandler: async (config, clients) => buildFeedbackDeps(config, { clients }),
  DigestPlanner: async (config, clients) => buildPlanDeps(config, { clients }),
  DigestSender: (config, clients) => buildSendDeps(config, { clients }),
  ConfirmationsHandler: (config, clients) => buildConfirmationDeps(config, { clients }),
  GoLiveHandler: async (config, clients) => buildGoLiveDeps(config, { clients }),
}

/** A template value as a string, with CloudFormation's pseudo parameters and Refs made concrete. */
function render(value: Json): string {
  if (typeof value === 'string') return value
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': 'us-east-1',
    'AWS::AccountId': '1',
  }
  if (value.Ref !== undefined) return pseudo[value.Ref] ?? `<${value.Ref}>`
  if (value['Fn::GetAtt'] !== undefined) return `<${value['Fn::GetAtt'].join('.')}>`
  if (value['Fn::Join'] !== undefined) return value['Fn::Join'][1].map(render).join(value['Fn::Join'][0])
  throw new Error(`cannot render ${JSON.stringify(value)}`)
}

/**
 * An environment as the Lambda sees it, with each CloudFormation reference replaced by a dummy of the shape
 * the running value has (an ARN, the API's https URL, or a name), so functions/config.ts can parse it.
 */
function deployedEnvironment(vars: Record<string, Json>): Record<string, string> {
  const shaped: Record<string, string> = {
    GO_LIVE_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:1:function:go-live',
    GO_LIVE_ROLE_ARN: 'arn:aws:iam::123456789012:role/go-live',
  }
  const dummy = (name: string) =>
    shaped[name] ??
    (name.endsWith('_ARN')
      ? `arn:aws:secretsmanager:us-east-1:1:secret:${name}`
      : name.endsWith('_URL')
        ? 'https://x.example'
        : 'x')
  return Object.fromEntries(
    Object.entries(vars).map(([name, value]) => [name, typeof value === 'string' ? value : dummy(name)]),
  )
}

/** The resources a template value refers to (Ref, Fn::GetAtt, DependsOn), pseudo parameters aside. */
function referencedIds(value: Json, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => referencedIds(item, into))
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string' && !inner.startsWith('AWS::')) into.add(inner)
      else if (key === 'Fn::GetAtt') into.add((inner as string[])[0]!)
      else referencedIds(inner, into)
    }
  }
  return into
}

/** A dependency cycle among the template's resources, as logical ids, or undefined when there is none. */
function dependencyCycle(template: Template): string[] | undefined {
  const resources = template.toJSON().Resources as Record<string, Resource & { DependsOn?: string[] }>
  const edges = new Map(
    Object.entries(resources).map(([id, resource]) => [
      id,
      [...referencedIds([resource.Properties ?? {}, resource.DependsOn ?? []])].filter(
        (to) => to in resources,
      ),
    ]),
  )
  const state = new Map<string, 'visiting' | 'done'>()
  const path: string[] = []
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id]
    state.set(id, 'visiting')
    path.push(id)
    for (const to of edges.get(id)!) {
      const cycle = visit(to)
      if (cycle !== undefined) return cycle
    }
    path.pop()
    state.set(id, 'done')
    return undefined
  }
  for (const id of edges.keys()) {
    const cycle = visit(id)
    if (cycle !== undefined) return cycle
  }
  return undefined
}

describe('PressroomStack (cdk.json defaults)', () => {
  let stack: Stack
  let template: Template
  let outdir: string
  let tableId: string
  let table: Resource
  let adminSecretId: string
  let tokenSecretId: string
  let identityId: string
  let configSetId: string
  let topicId: string
  const fns = {} as Record<FunctionName, { id: string; fn: Resource; statements: Statement[] }>

  // One bundling synth for the whole file: it runs esbuild over every real Lambda entry (five), which on a
  // busy 2-core machine takes well over the default hook timeout; it waits for the synth, however long.
  beforeAll(() => {
    const synthesized = synth({})
    ;({ stack, template } = synthesized)
    outdir = synthesized.app.outdir
    ;[tableId, table] = only(template, 'AWS::DynamoDB::GlobalTable')
    ;[adminSecretId] = only(template, 'AWS::SecretsManager::Secret', 'AdminToken')
    ;[tokenSecretId] = only(template, 'AWS::SecretsManager::Secret', 'LinkSigningKey')
    ;[identityId] = only(template, 'AWS::SES::EmailIdentity')
    ;[configSetId] = only(template, 'AWS::SES::ConfigurationSet')
    ;[topicId] = only(template, 'AWS::SNS::Topic', 'EmailEvents')
    expect(Object.keys(template.findResources('AWS::Lambda::Function'))).toHaveLength(FUNCTIONS.length)
    for (const name of FUNCTIONS) {
      const [id, fn] = only(template, 'AWS::Lambda::Function', name)
      const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[]
      const policy = policies.filter((p) =>
        p.Properties.Roles.some((role: Json) => role.Ref === fn.Properties.Role['Fn::GetAtt'][0]),
      )
      expect(policy, `one policy for ${name}`).toHaveLength(1)
      fns[name] = { id, fn, statements: policy[0]!.Properties.PolicyDocument.Statement }
    }
  }, 300_000)

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

    it('lets DynamoDB expire items by the attribute the app writes expiries to', () => {
      expect(TTL_ATTRIBUTE).toBe('expiresAt')
      expect(table.Properties.TimeToLiveSpecification).toEqual({
        AttributeName: TTL_ATTRIBUTE,
        Enabled: true,
      })
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

  describe.each(FUNCTIONS)('function %s', (name) => {
    const vars = () => fns[name].fn.Properties.Environment.Variables as Record<string, Json>
    const actionsOn = (resource: Json) =>
      fns[name].statements
        .filter((s) => [s.Resource].flat().some((r) => JSON.stringify(r) === JSON.stringify(resource)))
        .flatMap((s) => [s.Action].flat())

    it('runs Node.js 22 on arm64 with the bundled ESM handler', () => {
      expect(fns[name].fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        ...SIZING[name],
      })
    })

    it('was bundled locally as ESM with the createRequire banner and a source map', () => {
      const assetHash = String(fns[name].fn.Properties.Code.S3Key).replace(/\.zip$/, '')
      const bundle = join(outdir, `asset.${assetHash}`, 'index.mjs')
      expect(readFileSync(bundle, 'utf8')).toMatch(
        /^import\s*\{\s*createRequire\s*\}\s*from\s*['"]module['"]/,
      )
      expect(existsSync(`${bundle}.map`)).toBe(true)
    })

    it('gets the shared configuration, with its secrets only by ARN', () => {
      expect(vars()).toMatchObject({
        NODE_OPTIONS: '--enable-source-maps',
        TABLE_NAME: { Ref: tableId },
        MAIL_FROM: cdkContext.mailFrom,
        SES_CONFIGURATION_SET: { Ref: configSetId },
        FEED_SIZE: '20',
        PUBLICATION_TITLE: 'Pressroom',
        PUBLICATION_LANG: 'en',
      })
      expect(vars()).not.toHaveProperty('ADMIN_TOKEN')
      expect(vars()).not.toHaveProperty('TOKEN_SECRET')
      expect(JSON.stringify(vars())).not.toContain('resolve:secretsmanager')
      // Blank optional settings are left out, so the functions' own defaults apply.
      expect(Object.values(vars())).not.toContain('')
    })

    it('has every variable functions/config.ts requires', () => {
      const env = deployedEnvironment(vars())
      expect(() => loadConfig(env)).not.toThrow()
      expect(loadConfig(env)).toMatchObject({ MAIL_FROM: cdkContext.mailFrom, SITE_URL: 'https://x.example' })
      // The check has teeth: without it, the function would die at cold start.
      const { SITE_URL: _dropped, ...rest } = env
      expect(() => loadConfig(rest)).toThrow('SITE_URL:')
    })

    it("defaults SITE_URL to CloudFront's https URL, which has no trailing slash", () => {
      const [distributionId] = only(template, 'AWS::CloudFront::Distribution')
      expect(vars().SITE_URL).toEqual({
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]],
      })
    })

    it('logs to its own group, kept for one month', () => {
      const [logGroupId, logGroup] = only(template, 'AWS::Logs::LogGroup', name)
      expect(logGroup.Properties.RetentionInDays).toBe(30)
      expect(fns[name].fn.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: logGroupId } })
    })

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

    it('is granted and named exactly the secrets its builder reads', async () => {
      const granted = { ADMIN_TOKEN_SECRET_ARN: adminSecretId, TOKEN_SECRET_ARN: tokenSecretId }
      for (const [variable, secretId] of Object.entries(granted)) {
        const reads = SECRET_VARIABLES[name].includes(variable)
        expect(vars()[variable], `${name} ${variable}`).toEqual(reads ? { Ref: secretId } : undefined)
        expect(actionsOn({ Ref: secretId }), `${name} reads ${variable}`).toEqual(
          reads ? expect.arrayContaining(['secretsmanager:GetSecretValue']) : [],
        )
      }
      // The builder, on the deployed environment, with a Secrets Manager that records what is asked of it
      // (none runs locally) and an SES that has no quota to tell (the sender asks at cold start).
      const env = deployedEnvironment(vars())
      const secrets = new SecretsManagerClient({ region: 'us-east-1' })
      const asked = new Set<string>()
      secrets.send = (async (command: unknown) => {
        if (!(command instanceof GetSecretValueCommand)) throw new Error('unexpected Secrets Manager call')
        if (command.input.VersionStage === 'AWSPREVIOUS')
          throw new ResourceNotFoundException({ message: 'never rotated', $metadata: {} })
        asked.add(Object.keys(env).find((key) => env[key] === command.input.SecretId) ?? '?')
        return { SecretString: 'x'.repeat(48) }
      }) as SecretsManagerClient['send']
      const ses = new SESClient({ region: 'us-east-1' })
      ses.send = (async () => {
        throw new Error('no SES here')
      }) as SESClient['send']
      await BUILDERS[name](loadConfig(env), { secrets, ses })
      expect([...asked].filter((key) => key !== 'ORIGIN_VERIFY_SECRET_ARN').sort()).toEqual(
        SECRET_VARIABLES[name],
      )
    })

    it('may send raw email only from the sender identity, through the configuration set', () => {
      // The sender's ses:GetSendQuota on '*' is asserted under 'digest pipeline'.
      const sesStatements = fns[name].statements.filter(
        (s) =>
          [s.Action].flat().some((action) => action.startsWith('ses:')) &&
          JSON.stringify(s.Action) !== JSON.stringify('ses:GetSendQuota'),
      )
      expect(sesStatements).toHaveLength(1)
      const [statement] = sesStatements
      expect(statement!.Effect).toBe('Allow')
      expect([statement!.Action].flat()).toEqual(['ses:SendRawEmail'])
      expect([statement!.Resource].flat().map(render).sort()).toEqual([
        `arn:aws:ses:us-east-1:1:configuration-set/<${configSetId}>`,
        `arn:aws:ses:us-east-1:1:identity/<${identityId}>`,
      ])
    })
  })

  it('grants no SES action on "*" anywhere but the sender\'s ses:GetSendQuota', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[]
    const onStar = policies.flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as Statement[])
        .filter((s) => [s.Action].flat().some((action) => action.startsWith('ses:')))
        .filter((s) => [s.Resource].flat().includes('*'))
        .map((s) => ({ roles: policy.Properties.Roles, actions: [s.Action].flat(), effect: s.Effect })),
    )
    // SES has no resource-level permissions for GetSendQuota: it can only be granted on '*'.
    expect(onStar).toEqual([
      {
        roles: [{ Ref: fns.DigestSender.fn.Properties.Role['Fn::GetAtt'][0] }],
        actions: ['ses:GetSendQuota'],
        effect: 'Allow',
      },
    ])
  })

  it('lets only the HTTP function read the origin-verify secret, which it gets by ARN', () => {
    const [originSecretId] = only(template, 'AWS::SecretsManager::Secret', 'OriginVerify')
    for (const name of FUNCTIONS) {
      const { fn, statements } = fns[name]
      const reads = statements.filter((s) => JSON.stringify(s.Resource).includes(`"${originSecretId}"`))
      const env = fn.Properties.Environment.Variables
      if (name === 'WebHandler') {
        expect(reads.flatMap((s) => [s.Action].flat())).toContain('secretsmanager:GetSecretValue')
        expect(env.ORIGIN_VERIFY_SECRET_ARN).toEqual({ Ref: originSecretId })
      } else {
        expect(reads, name).toEqual([])
        expect(env, name).not.toHaveProperty('ORIGIN_VERIFY_SECRET_ARN')
      }
    }
  })

  it('generates a 40-character alphanumeric admin token and a 48-character link-signing key', () => {
    const [, admin] = only(template, 'AWS::SecretsManager::Secret', 'AdminToken')
    const [, token] = only(template, 'AWS::SecretsManager::Secret', 'LinkSigningKey')
    expect(admin.Properties.GenerateSecretString).toEqual({ ExcludePunctuation: true, PasswordLength: 40 })
    expect(token.Properties.GenerateSecretString).toEqual({ ExcludePunctuation: true, PasswordLength: 48 })
  })

  describe('SES', () => {
    it("verifies mailFrom's domain with Easy DKIM, defaulting to the configuration set", () => {
      const [, identity] = only(template, 'AWS::SES::EmailIdentity')
      expect(identity.Properties.EmailIdentity).toBe('example.com')
      // No signing attributes: Easy DKIM, SES's own 2048-bit keys.
      expect(identity.Properties).not.toHaveProperty('DkimSigningAttributes')
      expect(identity.Properties.ConfigurationSetAttributes).toEqual({
        ConfigurationSetName: { Ref: configSetId },
      })
    })

    it('publishes bounces, complaints, deliveries and rejects to the topic', () => {
      const [, destination] = only(template, 'AWS::SES::ConfigurationSetEventDestination')
      expect(destination.Properties.ConfigurationSetName).toEqual({ Ref: configSetId })
      const { MatchingEventTypes, SnsDestination, Enabled } = destination.Properties.EventDestination
      expect([...MatchingEventTypes].sort()).toEqual(['bounce', 'complaint', 'delivery', 'reject'])
      expect(SnsDestination).toEqual({ TopicARN: { Ref: topicId } })
      expect(Enabled).toBe(true)
    })

    it('lets only SES, for this configuration set, publish to the topic', () => {
      const [, topicPolicy] = only(template, 'AWS::SNS::TopicPolicy', 'EmailEvents')
      expect(topicPolicy.Properties.Topics).toEqual([{ Ref: topicId }])
      const statements = topicPolicy.Properties.PolicyDocument.Statement as Json[]
      const allowed = statements.filter((statement) => statement.Effect === 'Allow')
      expect(allowed).toHaveLength(1)
      expect(allowed[0]).toMatchObject({ Action: 'sns:Publish', Principal: { Service: 'ses.amazonaws.com' } })
      expect(render(allowed[0].Condition.StringEquals['AWS:SourceArn'])).toBe(
        `arn:aws:ses:us-east-1:1:configuration-set/<${configSetId}>`,
      )
      // And nobody may use it over plain HTTP.
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sns:Publish',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      )
    })

    it('subscribes the feedback function to the topic', () => {
      const feedbackArn = { 'Fn::GetAtt': [fns.EmailFeedbackHandler.id, 'Arn'] }
      const [, subscription] = only(template, 'AWS::SNS::Subscription')
      expect(subscription.Properties).toEqual({
        Protocol: 'lambda',
        TopicArn: { Ref: topicId },
        Endpoint: feedbackArn,
      })
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'sns.amazonaws.com',
        SourceArn: { Ref: topicId },
        FunctionName: feedbackArn,
      })
    })

    it('warns at synth that the cdk.json sender is a placeholder', () => {
      Annotations.fromStack(stack).hasWarning('/Pressroom/Email', Match.stringLikeRegexp('placeholder'))
    })
  })

  describe('digest pipeline', () => {
    const queues = () => {
      const [queueId, queue] = only(template, 'AWS::SQS::Queue', 'DigestSendQueue')
      const [dlqId, dlq] = only(template, 'AWS::SQS::Queue', 'DigestDeadLetters')
      return { queueId, queue, dlqId, dlq }
    }
    const plannerArn = () => ({ 'Fn::GetAtt': [fns.DigestPlanner.id, 'Arn'] })
    const bundleOf = (name: FunctionName) => {
      const dir = join(outdir, `asset.${String(fns[name].fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`)
      return {
        dir,
        code: readFileSync(join(dir, 'index.mjs'), 'utf8'),
        sources: (JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')).sources as string[]).join(
          '\n',
        ),
      }
    }

    it('sends failed batches to the dead-letter queue after 5 receives; both queues encrypted, TLS only', () => {
      const { queueId, queue, dlqId, dlq } = queues()
      expect(queue.Properties.RedrivePolicy).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
        maxReceiveCount: 5,
      })
      expect(dlq.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600)
      for (const [id, q] of [
        [queueId, queue],
        [dlqId, dlq],
      ] as const) {
        expect(q.Properties.SqsManagedSseEnabled).toBe(true)
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: id }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Effect: 'Deny',
                Action: 'sqs:*',
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              }),
            ]),
          },
        })
      }
    })

    it("hides a message longer than the sender can run, six times over, and longer than a recipient's claim", () => {
      const { queue } = queues()
      const timeout = fns.DigestSender.fn.Properties.Timeout as number
      expect(timeout).toBeLessThan(queue.Properties.VisibilityTimeout)
      expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout)
      expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(300)
      // A sender's run ends before the claims it took run out.
      expect(timeout).toBeLessThanOrEqual(300)
      // Yet it outlasts a batch of 50 paced to a sandbox account's 1 email/s shared by the 2 senders.
      expect(timeout).toBeGreaterThan((50 * 2) / 1)
    })

    it('feeds the sender one message at a time, with partial batch failures, at most senderConcurrency at once', () => {
      const { queueId } = queues()
      const [, mapping] = only(template, 'AWS::Lambda::EventSourceMapping', 'DigestSender')
      expect(mapping.Properties).toMatchObject({
        EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
        FunctionName: { Ref: fns.DigestSender.id },
        BatchSize: 1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 2 },
      })
      expect(fns.DigestSender.fn.Properties.ReservedConcurrentExecutions).toBe(2)
      expect(fns.DigestSender.fn.Properties.Environment.Variables).toMatchObject({
        SENDER_CONCURRENCY: '2',
        SEND_RATE_FALLBACK: '14',
      })
      expect(
        loadConfig(deployedEnvironment(fns.DigestSender.fn.Properties.Environment.Variables)),
      ).toMatchObject({ SENDER_CONCURRENCY: 2, SEND_RATE_FALLBACK: 14 })
    })

    it('lets the sender consume the queue, and the planner send to it', () => {
      const { queueId } = queues()
      const on = (name: FunctionName) =>
        fns[name].statements
          .filter(
            (s) =>
              JSON.stringify([s.Resource].flat()) === JSON.stringify([{ 'Fn::GetAtt': [queueId, 'Arn'] }]),
          )
          .flatMap((s) => [s.Action].flat())
      expect(on('DigestSender')).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']))
      expect(on('DigestSender')).not.toContain('sqs:SendMessage')
      expect(on('DigestPlanner')).toContain('sqs:SendMessage')
      expect(on('DigestPlanner')).not.toContain('sqs:ReceiveMessage')
      expect(fns.DigestPlanner.fn.Properties.Environment.Variables.SEND_QUEUE_URL).toEqual({ Ref: queueId })
      expect(fns.DigestSender.fn.Properties.Environment.Variables).not.toHaveProperty('SEND_QUEUE_URL')
      for (const name of ['WebHandler', 'EmailFeedbackHandler'] as const) expect(on(name)).toEqual([])
    })

    it('gives the planner the queue URL its cold start requires', () => {
      const env = deployedEnvironment(fns.DigestPlanner.fn.Properties.Environment.Variables)
      expect(sendQueueUrl(loadConfig(env))).toBe('https://x.example')
      const { SEND_QUEUE_URL: _dropped, ...rest } = env
      expect(() => sendQueueUrl(loadConfig(rest))).toThrow('SEND_QUEUE_URL')
    })

    it('lets the sender read the SES send quota, and use no other SES action on "*"', () => {
      const onStar = fns.DigestSender.statements.filter((s) => [s.Resource].flat().includes('*'))
      expect(onStar.map((s) => ({ Effect: s.Effect, Action: [s.Action].flat() }))).toEqual([
        { Effect: 'Allow', Action: ['ses:GetSendQuota'] },
      ])
    })

    it.each([
      ['daily', 'DigestDailySchedule'],
      ['weekly', 'DigestWeeklySchedule'],
      ['instant', 'DigestInstantSchedule'],
    ])('runs the planner every hour for %s digests', (cadence, idPrefix) => {
      const [, schedule] = only(template, 'AWS::Scheduler::Schedule', idPrefix)
      expect(schedule.Properties).toMatchObject({
        ScheduleExpression: 'cron(0 * * * ? *)',
        ScheduleExpressionTimezone: 'UTC',
        State: 'ENABLED',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: plannerArn() },
      })
      expect(JSON.parse(schedule.Properties.Target.Input)).toEqual({ cadence })
    })

    it('gives the schedules a role that EventBridge Scheduler alone may assume, to invoke only the planner', () => {
      const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule')) as Resource[]
      expect(schedules).toHaveLength(3)
      const roleIds = new Set(schedules.map((sch) => sch.Properties.Target.RoleArn['Fn::GetAtt'][0]))
      expect(roleIds.size).toBe(1)
      const [roleId] = [...roleIds] as [string]
      const role = template.toJSON().Resources[roleId] as Resource
      const trust = role.Properties.AssumeRolePolicyDocument.Statement as Json[]
      expect(trust.length).toBeGreaterThan(0)
      for (const statement of trust) {
        expect(statement).toMatchObject({
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        })
      }
      const policies = (Object.values(template.findResources('AWS::IAM::Policy')) as Resource[]).filter((p) =>
        p.Properties.Roles.some((r: Json) => r.Ref === roleId),
      )
      expect(policies).toHaveLength(1)
      const statements = policies[0]!.Properties.PolicyDocument.Statement as Statement[]
      expect(statements.flatMap((st) => [st.Action].flat())).toEqual(['lambda:InvokeFunction'])
      expect(statements.flatMap((st) => [st.Resource].flat())).toEqual([
        plannerArn(),
        { 'Fn::Join': ['', [plannerArn(), ':*']] },
      ])
      expect(template.findResources('AWS::IAM::ManagedPolicy')).toEqual({})
      expect(role.Properties).not.toHaveProperty('ManagedPolicyArns')
    })

    it('bundles MJML into the planner and into no other function', () => {
      const planner = bundleOf('DigestPlanner')
      // Minified code keeps no module paths; the source map names every bundled file, and 'mj-attributes'
      // is a tag only the MJML library knows (compiled email HTML has no mj- tags).
      expect(planner.sources).toContain('node_modules/mjml-core/')
      expect(planner.code).toContain('mj-attributes')
      // The planner compiles from bundled sources: no template file needs to sit beside the code.
      expect(existsSync(join(planner.dir, 'templates'))).toBe(false)
      for (const name of [
        'WebHandler',
        'EmailFeedbackHandler',
        'DigestSender',
        'ConfirmationsHandler',
      ] as const) {
        const bundle = bundleOf(name)
        expect(bundle.sources, name).not.toMatch(/node_modules\/mjml/)
        expect(bundle.code, name).not.toContain('mj-attributes')
      }
      // TypeScript reaches the planner's import graph only through htmlnano's config loader; it stays out.
      expect(planner.sources).not.toContain('node_modules/typescript/')
    })

    /**
     * Bundle budgets, in bytes (MB = 10^6) of the minified index.mjs, source map aside: about 25% above the
     * size measured when each was set (with Powertools Logger bundled), capped at the ceiling each function
     * must stay under, so a stray dependency (MJML, a whole SDK) fails here rather than in cold starts.
     */
    const BUNDLE_BUDGETS: Record<FunctionName, number> = {
      WebHandler: 2.0e6, // measured 1.66 MB; the 2.0 MB ceiling leaves ~20%
      DigestSender: 0.8e6, // measured 0.65 MB
      EmailFeedbackHandler: 1.1e6, // measured 0.87 MB (ceiling 2.0 MB)
      DigestPlanner: 5.0e6, // measured 4.16 MB, MJML included; the 5 MB ceiling leaves ~20%
      ConfirmationsHandler: 1.1e6, // measured 0.85 MB (ceiling 2.0 MB)
      GoLiveHandler: 1.75e6, // measured 1.39 MB: the article use cases bring Markdown and slug rules
    }
    it.each(FUNCTIONS)('keeps the %s bundle within its size budget', (name) => {
      const size = statSync(join(bundleOf(name).dir, 'index.mjs')).size
      expect(size, `${name} index.mjs bytes`).toBeLessThanOrEqual(BUNDLE_BUDGETS[name])
    })

    it('outputs the dead-letter queue', () => {
      const { dlqId } = queues()
      expect(template.findOutputs('DigestDeadLetterQueueUrl').DigestDeadLetterQueueUrl!.Value).toEqual({
        Ref: dlqId,
      })
    })
  })

  describe('confirmation mail', () => {
    const queues = () => {
      const [queueId, queue] = only(template, 'AWS::SQS::Queue', 'ConfirmationsQueue')
      const [dlqId, dlq] = only(template, 'AWS::SQS::Queue', 'ConfirmationsDeadLetters')
      return { queueId, queue, dlqId, dlq }
    }
    /** The SQS actions `name`'s role has on the queue. */
    const onQueue = (name: FunctionName, queueId: string) =>
      fns[name].statements
        .filter(
          (st) =>
            JSON.stringify([st.Resource].flat()) === JSON.stringify([{ 'Fn::GetAtt': [queueId, 'Arn'] }]),
        )
        .flatMap((st) => [st.Action].flat())
        .sort()

    it('queues subscribe requests on an encrypted, TLS-only queue with dead letters after 5 receives', () => {
      const { queueId, queue, dlqId, dlq } = queues()
      expect(queue.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
      })
      expect(dlq.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      })
      for (const id of [queueId, dlqId]) {
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: id }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Effect: 'Deny',
                Action: 'sqs:*',
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              }),
            ]),
          },
        })
      }
      const timeout = fns.ConfirmationsHandler.fn.Properties.Timeout as number
      expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout)
    })

    it('feeds the confirmations function up to 10 jobs at a time, with partial batch failures', () => {
      const { queueId } = queues()
      const [, mapping] = only(template, 'AWS::Lambda::EventSourceMapping', 'ConfirmationsHandler')
      expect(mapping.Properties).toMatchObject({
        EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
        FunctionName: { Ref: fns.ConfirmationsHandler.id },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      })
      expect(onQueue('ConfirmationsHandler', queueId)).toEqual(
        expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']),
      )
      expect(onQueue('ConfirmationsHandler', queueId)).not.toContain('sqs:SendMessage')
    })

    it('lets the HTTP function only send to the queue, whose URL its configuration requires', () => {
      const { queueId } = queues()
      expect(onQueue('WebHandler', queueId)).toEqual(['sqs:SendMessage'])
      for (const name of ['EmailFeedbackHandler', 'DigestPlanner', 'DigestSender'] as const)
        expect(onQueue(name, queueId), name).toEqual([])
      const webEnv = fns.WebHandler.fn.Properties.Environment.Variables
      expect(webEnv.CONFIRMATION_QUEUE_URL).toEqual({ Ref: queueId })
      expect(loadConfig(deployedEnvironment(webEnv)).CONFIRMATION_QUEUE_URL).toBe('https://x.example')
      for (const name of FUNCTIONS.filter((n) => n !== 'WebHandler'))
        expect(fns[name].fn.Properties.Environment.Variables, name).not.toHaveProperty(
          'CONFIRMATION_QUEUE_URL',
        )
    })

    it('alarms on the first dead letter and outputs the dead-letter queue', () => {
      const { dlqId } = queues()
      const [, alarm] = only(template, 'AWS::CloudWatch::Alarm', 'MonitoringConfirmationDeadLetters')
      expect(alarm.Properties).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      })
      expect(
        template.findOutputs('ConfirmationDeadLetterQueueUrl').ConfirmationDeadLetterQueueUrl!.Value,
      ).toEqual({ Ref: dlqId })
    })
  })

  describe('go-live (scheduled publishing)', () => {
    const group = () => only(template, 'AWS::Scheduler::ScheduleGroup')
    const schedulerRole = () => only(template, 'AWS::IAM::Role', 'GoLiveSchedulerRole')
    const actionsOf = (name: FunctionName) => fns[name].statements.flatMap((st) => [st.Action].flat())

    it('has a schedule group of its own and no schedule until an article is scheduled', () => {
      const [, resource] = group()
      expect(resource.Properties.Name).toMatch(/^[0-9a-zA-Z._-]{1,64}$/)
      // The three hourly digest schedules only: articles' schedules are made at run time.
      expect(Object.keys(template.findResources('AWS::Scheduler::Schedule'))).toHaveLength(3)
    })

    it('gives Scheduler a role of its own, assumable only by Scheduler for this account, that invokes only go-live', () => {
      const [roleId, role] = schedulerRole()
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ])
      const policies = (Object.values(template.findResources('AWS::IAM::Policy')) as Resource[]).filter((p) =>
        p.Properties.Roles.some((r: Json) => r.Ref === roleId),
      )
      expect(policies).toHaveLength(1)
      const statements = policies[0]!.Properties.PolicyDocument.Statement as Statement[]
      const goLiveArn = { 'Fn::GetAtt': [fns.GoLiveHandler.id, 'Arn'] }
      expect(statements.flatMap((st) => [st.Action].flat())).toEqual(['lambda:InvokeFunction'])
      expect(statements.flatMap((st) => [st.Resource].flat())).toEqual([
        goLiveArn,
        { 'Fn::Join': ['', [goLiveArn, ':*']] },
      ])
    })

    it("lets the HTTP function create, update and delete only the group's schedules, and pass only that role", () => {
      const [groupId, resource] = group()
      const [roleId] = schedulerRole()
      const scheduler = fns.WebHandler.statements.filter((st) =>
        [st.Action].flat().some((action) => action.startsWith('scheduler:')),
      )
      expect(scheduler.flatMap((st) => [st.Action].flat()).sort()).toEqual([
        'scheduler:CreateSchedule',
        'scheduler:DeleteSchedule',
        'scheduler:UpdateSchedule',
      ])
      for (const statement of scheduler) {
        expect(render(statement.Resource)).toBe(
          `arn:aws:scheduler:us-east-1:1:schedule/${resource.Properties.Name}/*`,
        )
      }
      expect(groupId).toBeDefined()
      const passRole = fns.WebHandler.statements.filter((st) => [st.Action].flat().includes('iam:PassRole'))
      expect(passRole).toEqual([
        expect.objectContaining({ Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': [roleId, 'Arn'] } }),
      ])
      for (const name of FUNCTIONS.filter((n) => n !== 'WebHandler')) {
        expect(
          actionsOf(name).filter((a) => a.startsWith('scheduler:') || a === 'iam:PassRole'),
          name,
        ).toEqual([])
      }
    })

    it('names the group, the go-live function and the role to the HTTP function, in the shapes its config parses', () => {
      const [, resource] = group()
      const [roleId] = schedulerRole()
      const env = fns.WebHandler.fn.Properties.Environment.Variables
      expect(env.GO_LIVE_SCHEDULE_GROUP).toBe(resource.Properties.Name)
      expect(env.GO_LIVE_FUNCTION_ARN).toEqual({ 'Fn::GetAtt': [fns.GoLiveHandler.id, 'Arn'] })
      expect(env.GO_LIVE_ROLE_ARN).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] })
      expect(loadConfig(deployedEnvironment(env)).GO_LIVE_SCHEDULE_GROUP).toBe(resource.Properties.Name)
    })
  })

  describe('HTTP API', () => {
    it('sends every request to the HTTP function as a Lambda proxy with payload format 2.0', () => {
      const [apiId, api] = only(template, 'AWS::ApiGatewayV2::Api')
      expect(api.Properties.ProtocolType).toBe('HTTP')
      const [integrationId, integration] = only(template, 'AWS::ApiGatewayV2::Integration')
      expect(integration.Properties).toMatchObject({
        ApiId: { Ref: apiId },
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [fns.WebHandler.id, 'Arn'] },
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
        FunctionName: { 'Fn::GetAtt': [fns.WebHandler.id, 'Arn'] },
      })
    })

    it('keeps the logical id of its default stage', () => {
      // The stage is made by hand (for access logging) under the id HttpApi gives its own default stage,
      // so an update does not replace it: two $default stages cannot exist at once.
      const [stageId] = only(template, 'AWS::ApiGatewayV2::Stage')
      expect(stageId).toMatch(/^WebApiDefaultStage/)
    })

    it('writes a JSON access log line per request, with no address or query string, kept a month', () => {
      const [, stage] = only(template, 'AWS::ApiGatewayV2::Stage')
      const [logGroupId, logGroup] = only(template, 'AWS::Logs::LogGroup', 'WebAccessLogs')
      expect(logGroup.Properties.RetentionInDays).toBe(30)
      expect(stage.Properties.AccessLogSettings.DestinationArn).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] })
      const format = JSON.parse(stage.Properties.AccessLogSettings.Format)
      expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status' })
      expect(stage.Properties.AccessLogSettings.Format).not.toMatch(/sourceIp|querystring|rawQueryString/i)
    })
  })

  describe('CloudFront', () => {
    const distribution = () =>
      only(template, 'AWS::CloudFront::Distribution')[1].Properties.DistributionConfig
    const MANAGED = {
      CachingDisabled: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      AllViewerExceptHostHeader: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
    }
    const ALL_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']

    it('fetches from the HTTP API over HTTPS (TLS 1.2) only', () => {
      const [apiId] = only(template, 'AWS::ApiGatewayV2::Api')
      const { Origins } = distribution()
      expect(Origins).toHaveLength(1)
      expect(render(Origins[0].DomainName)).toBe(`<${apiId}>.execute-api.us-east-1.<AWS::URLSuffix>`)
      expect(Origins[0].CustomOriginConfig).toEqual({
        OriginProtocolPolicy: 'https-only',
        OriginSSLProtocols: ['TLSv1.2'],
      })
    })

    it('adds the origin-verify secret to every request to the API, resolved at deploy time', () => {
      const [originSecretId] = only(template, 'AWS::SecretsManager::Secret', 'OriginVerify')
      expect(distribution().Origins[0].OriginCustomHeaders).toEqual([
        {
          HeaderName: 'X-Origin-Verify',
          HeaderValue: {
            'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: originSecretId }, ':SecretString:::}}']],
          },
        },
      ])
    })

    it("caches by the app's Cache-Control only: min and default TTL 0, max a year, compressed", () => {
      const [cachePolicyId, cachePolicy] = only(template, 'AWS::CloudFront::CachePolicy')
      const config = cachePolicy.Properties.CachePolicyConfig
      expect(config).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 365 * 24 * 3600 })
      // The cache key: path (always) and query string; no header and no cookie splits it, but the
      // normalised Accept-Encoding, matching the br and gzip variants the app sends.
      expect(config.ParametersInCacheKeyAndForwardedToOrigin).toEqual({
        QueryStringsConfig: { QueryStringBehavior: 'all' },
        HeadersConfig: { HeaderBehavior: 'none' },
        CookiesConfig: { CookieBehavior: 'none' },
        EnableAcceptEncodingGzip: true,
        EnableAcceptEncodingBrotli: true,
      })
      expect(distribution().DefaultCacheBehavior).toMatchObject({
        CachePolicyId: { Ref: cachePolicyId },
        Compress: true,
        ViewerProtocolPolicy: 'redirect-to-https',
        // The subscription forms POST through the default behaviour; CloudFront never caches a POST.
        AllowedMethods: ALL_METHODS,
        CachedMethods: ['GET', 'HEAD'],
      })
    })

    it('forwards form types and conditional-GET validators to the app on a miss, and no cookies', () => {
      const [policyId, policy] = only(template, 'AWS::CloudFront::OriginRequestPolicy')
      const config = policy.Properties.OriginRequestPolicyConfig
      expect(config.HeadersConfig).toEqual({ HeaderBehavior: 'whitelist', Headers: [...FORWARDED_HEADERS] })
      expect(config.HeadersConfig.Headers).toEqual(
        expect.arrayContaining(['Content-Type', 'If-None-Match', 'If-Modified-Since']),
      )
      // CloudFront supports conditional requests only on behaviours that forward no cookies.
      expect(config.CookiesConfig).toEqual({ CookieBehavior: 'none' })
      // The confirm, preferences and unsubscribe pages read their token from the query string.
      expect(config.QueryStringsConfig).toEqual({ QueryStringBehavior: 'all' })
      expect(distribution().DefaultCacheBehavior.OriginRequestPolicyId).toEqual({ Ref: policyId })
      // Policy names are per account: the region keeps two deployments of the stack apart.
      expect(JSON.stringify(config.Name)).toContain('AWS::Region')
    })

    it('never caches the admin API, and forwards it everything but Host (the bearer token included)', () => {
      const { CacheBehaviors } = distribution()
      expect(CacheBehaviors).toHaveLength(1)
      expect(CacheBehaviors[0]).toMatchObject({
        PathPattern: ADMIN_API_PATH,
        CachePolicyId: MANAGED.CachingDisabled,
        OriginRequestPolicyId: MANAGED.AllViewerExceptHostHeader,
        AllowedMethods: ALL_METHODS,
        ViewerProtocolPolicy: 'https-only',
      })
      expect(ADMIN_API_PATH).toBe('api/*')
    })

    it('is the site URL in the outputs, with the API endpoint kept for diagnosis', () => {
      const [distributionId] = only(template, 'AWS::CloudFront::Distribution')
      const cdnUrl = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] }
      const outputs = template.findOutputs('*')
      expect(outputs.CdnUrl!.Value).toEqual(cdnUrl)
      expect(outputs.SiteUrl!.Value).toEqual(cdnUrl)
      expect(outputs.CdnDistributionId!.Value).toEqual({ Ref: distributionId })
      expect(render(outputs.RssFeedUrl!.Value)).toBe(`https://<${distributionId}.DomainName>/feed.xml`)
    })

    it('makes no dependency cycle (functions need the distribution, which needs only the API resource)', () => {
      expect(dependencyCycle(template)).toBeUndefined()
    })
  })

  describe('monitoring', () => {
    const alarms = () =>
      Object.entries(template.findResources('AWS::CloudWatch::Alarm')) as [string, Resource][]
    const alarm = (idPrefix: string) => only(template, 'AWS::CloudWatch::Alarm', `Monitoring${idPrefix}`)[1]
    const alarmTopic = () => only(template, 'AWS::SNS::Topic', 'MonitoringAlarmTopic')[0]

    it('mails every alarm and its recovery to one topic, missing data never alarming, after one period', () => {
      expect(alarms()).toHaveLength(FUNCTIONS.length * 2 + 5)
      for (const [id, { Properties }] of alarms()) {
        expect(Properties, id).toMatchObject({
          AlarmActions: [{ Ref: alarmTopic() }],
          OKActions: [{ Ref: alarmTopic() }],
          TreatMissingData: 'notBreaching',
          EvaluationPeriods: 1,
          DatapointsToAlarm: 1,
        })
        expect(Properties.AlarmDescription, id).toEqual(expect.any(String))
      }
    })

    it('subscribes no email when alarmEmail is unset, and outputs the topic', () => {
      expect(template.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'email' } })).toEqual(
        {},
      )
      expect(template.findOutputs('AlarmTopicArn').AlarmTopicArn!.Value).toEqual({ Ref: alarmTopic() })
    })

    it('refuses plain-HTTP publishing to the alarm topic', () => {
      const [, policy] = only(template, 'AWS::SNS::TopicPolicy', 'MonitoringAlarmTopic')
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      )
    })

    const FUNCTION_ALARMS: Record<FunctionName, string> = {
      WebHandler: 'Web',
      EmailFeedbackHandler: 'EmailFeedback',
      DigestPlanner: 'DigestPlanner',
      DigestSender: 'DigestSender',
      ConfirmationsHandler: 'ConfirmationMailer',
      GoLiveHandler: 'GoLive',
    }
    it.each(FUNCTIONS)('alarms on any error or throttle of %s in 5 minutes', (name) => {
      for (const metric of ['Errors', 'Throttles']) {
        expect(alarm(`${FUNCTION_ALARMS[name]}${metric}`).Properties).toMatchObject({
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: fns[name].id } }],
          Statistic: 'Sum',
          Period: 300,
          ComparisonOperator: 'GreaterThanThreshold',
          Threshold: 0,
        })
      }
    })

    it('alarms on the first dead letter', () => {
      const [dlqId] = only(template, 'AWS::SQS::Queue', 'DigestDeadLetters')
      expect(alarm('DeadLetters').Properties).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
        Statistic: 'Maximum',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
      })
    })

    it('alarms on any 5xx from the HTTP API in 5 minutes', () => {
      const [apiId] = only(template, 'AWS::ApiGatewayV2::Api')
      expect(alarm('ApiServerErrors').Properties).toMatchObject({
        Namespace: 'AWS/ApiGateway',
        MetricName: '5xx',
        Dimensions: [{ Name: 'ApiId', Value: { Ref: apiId } }],
        Statistic: 'Sum',
        Period: 300,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      })
    })

    it('alarms on an SES bounce rate above 2% and a complaint rate above 0.05%', () => {
      expect(SES_BOUNCE_RATE_THRESHOLD).toBe(0.02)
      expect(SES_COMPLAINT_RATE_THRESHOLD).toBe(0.0005)
      for (const [idPrefix, metricName, threshold] of [
        ['SesBounceRate', 'Reputation.BounceRate', 0.02],
        ['SesComplaintRate', 'Reputation.ComplaintRate', 0.0005],
      ] as const) {
        const { Properties } = alarm(idPrefix)
        expect(Properties).toMatchObject({
          Namespace: 'AWS/SES',
          MetricName: metricName,
          Statistic: 'Maximum',
          ComparisonOperator: 'GreaterThanThreshold',
          Threshold: threshold,
        })
        // Account-wide: SES reviews (and pauses) the account on these rates, not a configuration set.
        expect(Properties).not.toHaveProperty('Dimensions')
      }
    })

    it('has a dashboard of functions, queues, email and the API, with the alarms on top', () => {
      const [dashboardId, dashboard] = only(template, 'AWS::CloudWatch::Dashboard', 'MonitoringDashboard')
      // The body is JSON with references spliced in; each reference becomes its logical id here.
      const body = JSON.parse(render(dashboard.Properties.DashboardBody))
      type Widget = { type: string; properties: { title: string; alarms?: string[]; metrics?: Json[][] } }
      const widgets = body.widgets as Widget[]
      const metricsOf = (title: string) => {
        const widget = widgets.find((w) => w.properties.title.startsWith(title))
        expect(widget, title).toBeDefined()
        // [namespace, name, dimension name, dimension value, ..., options]
        return widget!.properties.metrics!.map((metric) => metric.filter((part) => typeof part === 'string'))
      }
      expect(widgets[0]!.type).toBe('alarm')
      expect(widgets[0]!.properties.alarms).toHaveLength(alarms().length)
      for (const [title, metricName] of [
        ['Function invocations', 'Invocations'],
        ['Function errors', 'Errors'],
        ['Function duration', 'Duration'],
      ]) {
        expect(metricsOf(title!)).toEqual(
          expect.arrayContaining(
            FUNCTIONS.map((name) => ['AWS/Lambda', metricName, 'FunctionName', `<${fns[name].id}>`]),
          ),
        )
      }
      const [queueId] = only(template, 'AWS::SQS::Queue', 'DigestSendQueue')
      const [dlqId] = only(template, 'AWS::SQS::Queue', 'DigestDeadLetters')
      expect(metricsOf('Digest queues')).toEqual(
        expect.arrayContaining([
          ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', `<${queueId}.QueueName>`],
          ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', `<${dlqId}.QueueName>`],
        ]),
      )
      expect(metricsOf('Email')).toEqual(
        expect.arrayContaining([
          ['AWS/SES', 'Send'],
          ['AWS/SES', 'Bounce'],
          ['AWS/SES', 'Complaint'],
        ]),
      )
      const [apiId] = only(template, 'AWS::ApiGatewayV2::Api')
      expect(metricsOf('HTTP API')).toContainEqual(['AWS/ApiGateway', '5xx', 'ApiId', `<${apiId}>`])
      expect(template.findOutputs('DashboardName').DashboardName!.Value).toEqual({ Ref: dashboardId })
    })
  })

  it('outputs the URLs, the secret ARN, the table name and what SES setup needs', () => {
    const outputs = template.findOutputs('*')
    expect(Object.keys(outputs).sort()).toEqual(
      [
        'AdminTokenSecretArn',
        'AlarmTopicArn',
        'ApiUrl',
        'AtomFeedUrl',
        'CdnDistributionId',
        'CdnUrl',
        'DashboardName',
        'DkimRecord1',
        'DkimRecord2',
        'DkimRecord3',
        'JsonFeedUrl',
        'RssFeedUrl',
        'SenderDomain',
        'SesConfigurationSet',
        'DigestDeadLetterQueueUrl',
        'ConfirmationDeadLetterQueueUrl',
        'SiteUrl',
        'TableName',
      ].sort(),
    )
    expect(outputs.AdminTokenSecretArn!.Value).toEqual({ Ref: adminSecretId })
    expect(outputs.TableName!.Value).toEqual({ Ref: tableId })
    expect(outputs.SenderDomain!.Value).toEqual({ Ref: identityId })
    expect(outputs.SesConfigurationSet!.Value).toEqual({ Ref: configSetId })
    expect(JSON.stringify(outputs.RssFeedUrl!.Value)).toContain('/feed.xml')
    expect(JSON.stringify(outputs.AtomFeedUrl!.Value)).toContain('/atom.xml')
    expect(JSON.stringify(outputs.JsonFeedUrl!.Value)).toContain('/feed.json')
    for (const n of [1, 2, 3]) {
      expect(outputs[`DkimRecord${n}`]!.Value).toEqual({
        'Fn::Join': [
          '',
          [
            { 'Fn::GetAtt': [identityId, `DkimDNSTokenName${n}`] },
            ' CNAME ',
            { 'Fn::GetAtt': [identityId, `DkimDNSTokenValue${n}`] },
          ],
        ],
      })
    }
  })

  // The whole template, so an unintended infra change shows in review as a snapshot diff
  // (tests/infra/__snapshots__/stack.test.ts.snap). After an intended change: npx vitest run tests/infra -u.
  it('matches the reviewed template snapshot, asset hashes aside', () => {
    // Asset hashes (S3Key, asset paths) change with every bundle; any 64-hex string is one of them.
    const normalised = JSON.parse(
      JSON.stringify(template.toJSON(), (_key, value) =>
        typeof value === 'string' ? value.replace(/[0-9a-f]{64}/g, '<asset-hash>') : value,
      ),
    )
    for (const name of FUNCTIONS) {
      expect(normalised.Resources[fns[name].id].Properties.Code.S3Key, name).toBe('<asset-hash>.zip')
    }
    expect(normalised).toMatchSnapshot()
  })
})

describe('PressroomStack (custom site, sender and publication; disposable data)', () => {
  let stack: Stack
  let template: Template
  const mailFrom = '"The Analyst" <news@mail.pressroom.dev>'

  beforeAll(() => {
    ;({ stack, template } = synth(
      {
        ...NO_BUNDLING,
        siteUrl: 'https://news.example.com/',
        mailFrom,
        senderDomain: 'pressroom.dev',
        postalAddress: '1 Main St, Springfield',
        websubHubs: 'https://hub.example.com, https://pubsubhubbub.appspot.com',
        publicationDescription: 'Notes on markets',
        maxSendRate: '50',
        senderConcurrency: '5',
        scheduleTimezone: 'Asia/Kolkata',
        alarmEmail: 'ops@pressroom.dev',
        originVerifyRotation: '2',
      },
      false,
    ))
  })

  it('makes a rotation of the origin-verify secret change the distribution and retire warm HTTP instances', () => {
    // The distribution changes, so CloudFormation reads the secret's new value into its header again.
    const [, distribution] = only(template, 'AWS::CloudFront::Distribution')
    expect(distribution.Properties.DistributionConfig.Comment).toBe(
      'Pressroom site, feeds and admin API (origin-verify rotation 2)',
    )
    const [, web] = only(template, 'AWS::Lambda::Function', 'WebHandler')
    expect(web.Properties.Environment.Variables.ORIGIN_VERIFY_ROTATION).toBe('2')
    for (const name of FUNCTIONS.filter((n) => n !== 'WebHandler')) {
      const [, fn] = only(template, 'AWS::Lambda::Function', name)
      expect(fn.Properties.Environment.Variables, name).not.toHaveProperty('ORIGIN_VERIFY_ROTATION')
    }
  })

  it('sizes the sender and schedules the planner as configured', () => {
    const [, sender] = only(template, 'AWS::Lambda::Function', 'DigestSender')
    expect(sender.Properties.ReservedConcurrentExecutions).toBe(5)
    expect(sender.Properties.Environment.Variables).toMatchObject({
      SENDER_CONCURRENCY: '5',
      SEND_RATE_FALLBACK: '50',
    })
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: 5 },
    })
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule')) as Resource[]
    expect(schedules.map((schedule) => schedule.Properties.ScheduleExpressionTimezone)).toEqual([
      'Asia/Kolkata',
      'Asia/Kolkata',
      'Asia/Kolkata',
    ])
  })

  it.each(FUNCTIONS)('passes the configured values to %s', (name) => {
    const [, fn] = only(template, 'AWS::Lambda::Function', name)
    const vars = fn.Properties.Environment.Variables
    expect(vars).toMatchObject({
      SITE_URL: 'https://news.example.com',
      MAIL_FROM: mailFrom,
      POSTAL_ADDRESS: '1 Main St, Springfield',
      WEBSUB_HUBS: 'https://hub.example.com,https://pubsubhubbub.appspot.com',
      PUBLICATION_DESCRIPTION: 'Notes on markets',
    })
    expect(loadConfig(deployedEnvironment(vars))).toMatchObject({
      SITE_URL: 'https://news.example.com',
      WEBSUB_HUBS: ['https://hub.example.com', 'https://pubsubhubbub.appspot.com'],
    })
  })

  it('queues feed changes for a WebSub function, which the HTTP function may only send to', () => {
    const [webId, web] = only(template, 'AWS::Lambda::Function', 'WebHandler')
    const [pingerId, pinger] = only(template, 'AWS::Lambda::Function', 'WebSubHandler')
    const [queueId, queue] = only(template, 'AWS::SQS::Queue', 'WebSubFeedChanges')
    const [deadId] = only(template, 'AWS::SQS::Queue', 'WebSubDeadLetters')
    expect(web.Properties.Environment.Variables.FEED_CHANGES_QUEUE_URL).toEqual({ Ref: queueId })
    expect(pinger.Properties).toMatchObject({ MemorySize: 384, Timeout: 180 })
    expect(queue.Properties).toMatchObject({
      VisibilityTimeout: 1080,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadId, 'Arn'] }, maxReceiveCount: 5 },
    })
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: pingerId },
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    })
    // The HTTP function's role sends to the queue and does not consume it.
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[]
    const webPolicy = policies.find((p) =>
      p.Properties.Roles.some((role: Json) => role.Ref === web.Properties.Role['Fn::GetAtt'][0]),
    )!
    const onQueue = (webPolicy.Properties.PolicyDocument.Statement as Statement[])
      .filter((st) => JSON.stringify(st.Resource) === JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] }))
      .flatMap((st) => [st.Action].flat())
    expect(onQueue.sort()).toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'])
    expect(webId).not.toBe(pingerId)
    // Before pinging, the WebSub function invalidates the feeds' cached copies on this distribution only.
    const [distributionId] = only(template, 'AWS::CloudFront::Distribution')
    expect(pinger.Properties.Environment.Variables.CDN_DISTRIBUTION_ID).toEqual({ Ref: distributionId })
    const pingerPolicy = policies.find((p) =>
      p.Properties.Roles.some((role: Json) => role.Ref === pinger.Properties.Role['Fn::GetAtt'][0]),
    )!
    const onDistribution = (pingerPolicy.Properties.PolicyDocument.Statement as Statement[]).filter((st) =>
      [st.Action].flat().some((action) => String(action).startsWith('cloudfront:')),
    )
    expect(onDistribution.flatMap((st) => [st.Action].flat()).sort()).toEqual([
      'cloudfront:CreateInvalidation',
      'cloudfront:GetInvalidation',
    ])
    for (const st of onDistribution) {
      expect(JSON.stringify(st.Resource)).toContain(distributionId)
      expect(JSON.stringify(st.Resource)).not.toContain('*"')
    }
    expect(JSON.stringify(webPolicy.Properties.PolicyDocument)).not.toContain('cloudfront:')
    // buildWebSubDeps() reads no secret: none is named to it or granted.
    expect(pinger.Properties.Environment.Variables).not.toHaveProperty('ADMIN_TOKEN_SECRET_ARN')
    expect(pinger.Properties.Environment.Variables).not.toHaveProperty('TOKEN_SECRET_ARN')
    expect(JSON.stringify(pingerPolicy.Properties.PolicyDocument)).not.toContain('secretsmanager:')
    // Unreachable hubs end in the dead-letter queue, which alarms on its first message.
    const [alarmId] = only(template, 'AWS::CloudWatch::Alarm', 'MonitoringWebSubDeadLetters')
    expect(template.toJSON().Resources[alarmId].Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadId, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    })
  })

  it('keeps the WebSub bundle within its size budget, without MJML', { timeout: 30_000 }, async () => {
    // The stack above is synthesized without bundling; this bundles the entry as PressroomFunction has CDK
    // bundle it (bench/support/lambda-bundle.ts). Measured 471 KiB when the budget was set.
    const dir = mkdtempSync(join(tmpdir(), 'pressroom-websub-bundle-'))
    try {
      const { metafile } = await bundleLambda(
        'functions/websub/lambda.ts',
        SDK_EXTERNALS,
        join(dir, 'index.mjs'),
      )
      expect(statSync(join(dir, 'index.mjs')).size).toBeLessThanOrEqual(0.6e6)
      expect(Object.keys(metafile.inputs).join('\n')).not.toMatch(/node_modules\/mjml/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('verifies the configured sender domain, with no placeholder warning', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'pressroom.dev' })
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue())
  })

  it('uses the configured site URL, without its trailing slash, in the outputs', () => {
    const outputs = template.findOutputs('*')
    expect(outputs.SiteUrl!.Value).toBe('https://news.example.com')
    expect(outputs.RssFeedUrl!.Value).toBe('https://news.example.com/feed.xml')
    expect(outputs.AtomFeedUrl!.Value).toBe('https://news.example.com/atom.xml')
    expect(outputs.JsonFeedUrl!.Value).toBe('https://news.example.com/feed.json')
  })

  it('mails the alarms to alarmEmail', () => {
    const [topicId] = only(template, 'AWS::SNS::Topic', 'MonitoringAlarmTopic')
    const emails = Object.values(
      template.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'email' } }),
    ) as Resource[]
    expect(emails.map((subscription) => subscription.Properties)).toEqual([
      { Protocol: 'email', Endpoint: 'ops@pressroom.dev', TopicArn: { Ref: topicId } },
    ])
  })

  it('still serves through CloudFront, whose URL the outputs give beside the configured site URL', () => {
    const [distributionId] = only(template, 'AWS::CloudFront::Distribution')
    expect(template.findOutputs('CdnUrl').CdnUrl!.Value).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]],
    })
    expect(dependencyCycle(template)).toBeUndefined()
  })

  it('lets a test stack delete its table', () => {
    const [, table] = only(template, 'AWS::DynamoDB::GlobalTable')
    expect(table.DeletionPolicy).toBe('Delete')
    expect(table.Properties.Replicas[0].DeletionProtectionEnabled).toBe(false)
  })
})

describe('PressroomStack with the sender domain in Route 53', () => {
  it('publishes the three DKIM CNAMEs in the given zone, so no DNS step is left', () => {
    const { template } = synth({
      ...NO_BUNDLING,
      mailFrom: 'News <news@pressroom.dev>',
      hostedZoneId: 'Z0123456789ABC',
      hostedZoneName: 'pressroom.dev',
    })
    const records = Object.values(template.findResources('AWS::Route53::RecordSet')) as Resource[]
    expect(records).toHaveLength(3)
    for (const record of records) {
      expect(record.Properties).toMatchObject({ Type: 'CNAME', HostedZoneId: 'Z0123456789ABC' })
    }
  })

  it('refuses a zone that is not the sender domain, naming the key', () => {
    expect(() =>
      parseStackConfig({
        mailFrom: 'News <news@pressroom.dev>',
        hostedZoneId: 'Z0123456789ABC',
        hostedZoneName: 'other.dev',
      }),
    ).toThrow(/hostedZoneName/)
    expect(() =>
      parseStackConfig({ mailFrom: 'News <news@pressroom.dev>', hostedZoneId: 'Z0123456789ABC' }),
    ).toThrow(/hostedZoneName/)
  })
})

describe('PressroomFunction', () => {
  it('fails synth when SITE_URL is never set', () => {
    const app = new App({ context: { ...cdkContext, ...NO_BUNDLING } })
    outdirs.push(app.outdir)
    const stack = new Stack(app, 'Bare')
    const config = parseStackConfig({ mailFrom: 'news@pressroom.dev' })
    new PressroomFunction(stack, 'Fn', {
      entry: 'functions/ses-events/lambda.ts',
      app: {
        config,
        table: new DataTable(stack, 'Data', { retain: false }).table,
        adminTokenSecret: new secretsmanager.Secret(stack, 'Admin'),
        tokenSecret: new secretsmanager.Secret(stack, 'Token'),
        email: new Email(stack, 'Email', { senderDomain: config.senderDomain }),
      },
    })
    expect(() => app.synth()).toThrow(/SITE_URL was never set/)
  })
})

describe('parseStackConfig', () => {
  const mailFrom = 'Pressroom <news@example.com>'

  it('fills in defaults, deriving senderDomain from mailFrom', () => {
    expect(parseStackConfig({ mailFrom })).toEqual({
      publicationTitle: 'Pressroom',
      publicationLang: 'en',
      feedSize: 20,
      mailFrom,
      senderDomain: 'example.com',
      postalAddress: '',
      maxSendRate: 14,
      senderConcurrency: 2,
      scheduleTimezone: 'UTC',
    })
    expect(parseStackConfig({ mailFrom }).alarmEmail).toBeUndefined()
  })

  it('reads alarmEmail, trimmed', () => {
    expect(parseStackConfig({ mailFrom, alarmEmail: ' ops@example.com ' }).alarmEmail).toBe('ops@example.com')
  })

  it('coerces -c strings and treats blanks as unset', () => {
    expect(
      parseStackConfig({ mailFrom, feedSize: '30', siteUrl: '', senderDomain: '', websubHubs: '' }),
    ).toMatchObject({ feedSize: 30, siteUrl: undefined, senderDomain: 'example.com', websubHubs: undefined })
  })

  it('reads websubHubs as a JSON list or a comma-separated -c string', () => {
    const hubs = ['https://a.example', 'https://b.example']
    expect(parseStackConfig({ mailFrom, websubHubs: hubs }).websubHubs).toEqual(hubs)
    expect(
      parseStackConfig({ mailFrom, websubHubs: 'https://a.example, https://b.example' }).websubHubs,
    ).toEqual(hubs)
  })

  it('accepts a parent domain as senderDomain, and gives IDN domains in punycode', () => {
    expect(
      parseStackConfig({ mailFrom: 'news@Mail.Example.com', senderDomain: 'Example.com' }).senderDomain,
    ).toBe('example.com')
    expect(parseStackConfig({ mailFrom: '뉴스 <news@한국.kr>' }).senderDomain).toBe('xn--3e0b707e.kr')
  })

  it('requires mailFrom, naming the context key', () => {
    expect(() => parseStackConfig({})).toThrow('context key "mailFrom": is required')
  })

  it.each([
    ['feedSize', 0],
    ['feedSize', 'twenty'],
    ['feedSize', 101],
    ['siteUrl', 'news.example.com'],
    ['siteUrl', 'ftp://news.example.com'],
    ['publicationLang', 'english please'],
    ['publicationTitle', '   '],
    ['mailFrom', 'Pressroom'],
    ['mailFrom', 'Pressroom <news@>'],
    ['senderDomain', 'not a domain'],
    ['senderDomain', 'other.com'],
    ['senderDomain', 'mail.example.com'],
    ['websubHubs', 'hub.example.com'],
    ['websubHubs', ['ftp://hub.example.com']],
    ['publicationDescription', '  '],
    ['maxSendRate', 0],
    ['maxSendRate', 'fast'],
    ['senderConcurrency', 1],
    ['senderConcurrency', 2.5],
    ['senderConcurrency', 1001],
    ['scheduleTimezone', 'Mars/Olympus_Mons'],
    ['alarmEmail', 'ops'],
    ['alarmEmail', 42],
    ['originVerifyRotation', 0],
    ['originVerifyRotation', 'next'],
  ])('rejects %s = %j, naming the context key', (key, value) => {
    expect(() => parseStackConfig({ mailFrom, [key]: value })).toThrow(`context key "${key}`)
  })
})
