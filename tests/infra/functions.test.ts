import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { App, Stack } from 'aws-cdk-lib'
import type { Template } from 'aws-cdk-lib/assertions'
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager'
import { SESClient } from '@aws-sdk/client-ses'
import type { Clients } from '../../functions/clients'
import { loadConfig, type Config } from '../../functions/config'
import { buildConfirmationDeps } from '../../functions/confirmations/deps'
import { buildPlannerDeps } from '../../functions/digest/deps'
import { buildGoLiveDeps } from '../../functions/go-live/deps'
import { buildHttpDeps } from '../../functions/http/deps'
import { buildSendDeps } from '../../functions/send/deps'
import { buildFeedbackDeps } from '../../functions/ses-events/deps'
import { PressroomFunction } from '../../infra/constructs/app-function'
import { DataTable } from '../../infra/constructs/data-table'
import { Email } from '../../infra/constructs/email'
import { parseStackConfig } from '../../infra/stack-config'
import {
  cdkContext,
  type Json,
  type Resource,
  type Statement,
  NO_BUNDLING,
  outdirs,
  only,
  FUNCTIONS,
  type FunctionName,
  render,
  deployedEnvironment,
  defaultStack,
  customStack,
  customMailFrom,
  type DefaultStack,
} from './synth'

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
  DigestPlanner: async (config, clients) => buildPlannerDeps(config, { clients }),
  DigestSender: (config, clients) => buildSendDeps(config, { clients }),
  ConfirmationsHandler: (config, clients) => buildConfirmationDeps(config, { clients }),
  GoLiveHandler: async (config, clients) => buildGoLiveDeps(config, { clients }),
}

describe('PressroomStack (cdk.json defaults)', () => {
  let template: Template
  let outdir: string
  let tableId: string
  let adminSecretId: string
  let tokenSecretId: string
  let identityId: string
  let configSetId: string
  let fns: DefaultStack['fns']

  // The one bundling synth of this worker (tests/infra/synth.ts), however long it takes.
  beforeAll(() => {
    ;({ template, outdir, tableId, adminSecretId, tokenSecretId, identityId, configSetId, fns } =
      defaultStack())
  }, 300_000)

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
})

describe('PressroomStack (custom site, sender and publication; disposable data)', () => {
  let template: Template
  const mailFrom = customMailFrom

  beforeAll(() => {
    ;({ template } = customStack())
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
