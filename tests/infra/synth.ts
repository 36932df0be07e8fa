import { readFileSync, rmSync } from 'node:fs'
import { App, type Stack } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { expect } from 'vitest'
import { PressroomStack } from '../../infra/pressroom-stack'
import { CONTEXT_KEYS, parseStackConfig } from '../../infra/stack-config'

/*
 * The stacks every tests/infra/<construct>.test.ts asserts on, synthesized once and cached: the infra project
 * runs its files one after another in one worker without isolation (vitest.config.ts), so this module and its
 * cache are shared by all of them. Only the first synth bundles the five Lambdas with esbuild; the others skip
 * bundling.
 */

// The context `cdk synth` uses (feature flags, defaults), so the asserted template is the deployed one.
export const cdkContext: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'),
).context

// Template JSON is untyped; the expectations below are what check its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any
export type Resource = {
  Type: string
  Properties: Record<string, Json>
  DeletionPolicy?: string
  UpdateReplacePolicy?: string
}
export type Statement = { Action: string | string[]; Resource: Json; Effect: string }

// Skips esbuild: for synths after the first, which already proved both bundles build.
export const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] }

// Each App synthesizes into its own temp dir; the bundles alone are ~8 MB, so don't leave them behind. The
// cached synths below outlive any one test file, so the dirs go when the worker exits.
export const outdirs: string[] = []
process.once('exit', () => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

export function synth(context: Record<string, unknown>, retainData?: boolean) {
  const app = new App({ context: { ...cdkContext, ...context } })
  outdirs.push(app.outdir)
  const config = parseStackConfig(
    Object.fromEntries(CONTEXT_KEYS.map((key) => [key, app.node.tryGetContext(key)])),
  )
  const stack = new PressroomStack(app, 'Pressroom', { config, retainData })
  return { app, stack, template: Template.fromStack(stack) }
}

export function only(template: Template, type: string, idPrefix = ''): [string, Resource] {
  const found = (Object.entries(template.findResources(type)) as [string, Resource][]).filter(([id]) =>
    id.startsWith(idPrefix),
  )
  expect(found, `exactly one ${type} ${idPrefix}`).toHaveLength(1)
  return found[0]!
}

/** The functions, by the logical-id prefix of their construct path (Web/Handler, Digest/Planner, ...). */
export const FUNCTIONS = [
  'WebHandler',
  'EmailFeedbackHandler',
  'DigestPlanner',
  'DigestSender',
  'ConfirmationsHandler',
  'GoLiveHandler',
] as const
export type FunctionName = (typeof FUNCTIONS)[number]

/** A template value as a string, with CloudFormation's pseudo parameters and Refs made concrete. */
export function render(value: Json): string {
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
export function deployedEnvironment(vars: Record<string, Json>): Record<string, string> {
  const shaped: Record<string, string> = {
    GO_LIVE_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:1:function:go-live',
    GO_LIVE_ROLE_ARN: 'arn:aws:iam::123456789012:role/go-live',
    MEDIA_BUCKET: 'pressroom-media-bucket',
    DIGEST_DEAD_LETTER_QUEUE_ARN: 'arn:aws:sqs:us-east-1:123456789012:send-dead-letters',
    SEND_QUEUE_ARN: 'arn:aws:sqs:us-east-1:123456789012:send',
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
export function dependencyCycle(template: Template): string[] | undefined {
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

/** The cdk.json stack, bundled, with the ids most assertions start from and each function's one policy. */
export interface DefaultStack {
  stack: Stack
  template: Template
  outdir: string
  tableId: string
  table: Resource
  adminSecretId: string
  tokenSecretId: string
  identityId: string
  configSetId: string
  topicId: string
  fns: Record<FunctionName, { id: string; fn: Resource; statements: Statement[] }>
}

let defaults: DefaultStack | undefined

/** The cdk.json stack, synthesized (and bundled) on the first call in this worker. */
export function defaultStack(): DefaultStack {
  defaults ??= synthDefaults()
  return defaults
}

function synthDefaults(): DefaultStack {
  const { stack, template, app } = synth({})
  const [tableId, table] = only(template, 'AWS::DynamoDB::GlobalTable')
  const [adminSecretId] = only(template, 'AWS::SecretsManager::Secret', 'AdminToken')
  const [tokenSecretId] = only(template, 'AWS::SecretsManager::Secret', 'LinkSigningKey')
  const [identityId] = only(template, 'AWS::SES::EmailIdentity')
  const [configSetId] = only(template, 'AWS::SES::ConfigurationSet')
  const [topicId] = only(template, 'AWS::SNS::Topic', 'EmailEvents')
  expect(Object.keys(template.findResources('AWS::Lambda::Function'))).toHaveLength(FUNCTIONS.length)
  const fns = {} as DefaultStack['fns']
  for (const name of FUNCTIONS) {
    const [id, fn] = only(template, 'AWS::Lambda::Function', name)
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[]
    const policy = policies.filter((p) =>
      p.Properties.Roles.some((role: Json) => role.Ref === fn.Properties.Role['Fn::GetAtt'][0]),
    )
    expect(policy, `one policy for ${name}`).toHaveLength(1)
    fns[name] = { id, fn, statements: policy[0]!.Properties.PolicyDocument.Statement }
  }
  const outdir = app.outdir
  return {
    stack,
    template,
    outdir,
    tableId,
    table,
    adminSecretId,
    tokenSecretId,
    identityId,
    configSetId,
    topicId,
    fns,
  }
}

export const customMailFrom = '"The Analyst" <news@mail.pressroom.dev>'

let custom: { stack: Stack; template: Template } | undefined

/** A stack with every setting given (site, sender, hubs, rates, alarms) and disposable data; not bundled. */
export function customStack(): { stack: Stack; template: Template } {
  custom ??= synth(
    {
      ...NO_BUNDLING,
      siteUrl: 'https://news.example.com/',
      mailFrom: customMailFrom,
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
  )
  return custom
}
