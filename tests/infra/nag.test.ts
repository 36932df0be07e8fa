import { readFileSync, rmSync } from 'node:fs'
import { App, Stack, Validations } from 'aws-cdk-lib'
import * as sqs from 'aws-cdk-lib/aws-sqs'
import { AwsSolutionsChecks } from 'cdk-nag'
import type { IConstruct } from 'constructs'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { PressroomStack } from '../../infra/pressroom-stack'
import { CONTEXT_KEYS, parseStackConfig } from '../../infra/stack-config'

// cdk-nag 3 is a CDK policy-validation plugin: its findings are not Annotations but a report, which fails
// synth (and `cdk synth`, through infra/app.ts) unless every finding is acknowledged with a reason.

const cdkContext: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'),
).context

const outdirs: string[] = []
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

/** An app as infra/app.ts makes it (nag registered), without esbuild: the rules read the template only. */
function appWithNag(context: Record<string, unknown> = {}) {
  const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [], ...context } })
  outdirs.push(app.outdir)
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
  return app
}

function pressroom(context: Record<string, unknown> = {}) {
  const app = appWithNag(context)
  const config = parseStackConfig(
    Object.fromEntries(CONTEXT_KEYS.map((key) => [key, app.node.tryGetContext(key)])),
  )
  return {
    app,
    stack: new PressroomStack(app, 'Pressroom', { config, retainData: context.retainData !== false }),
  }
}

/** The findings cdk-nag reports (none acknowledged), as "rule at construct path". */
function findings(stack: Stack): string[] {
  return new AwsSolutionsChecks()
    .validateScope(stack)
    .violations.flatMap((violation) =>
      violation.violatingResources.map(
        (resource) => `${violation.severity} ${violation.ruleName} at ${resource.constructPath}`,
      ),
    )
}

/** Every acknowledgment in the tree: where it was made, the rule, and the reason given. */
function acknowledgments(root: IConstruct) {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  )
}

describe('cdk-nag AwsSolutions checks', () => {
  it.each([
    ['the cdk.json defaults', {}],
    [
      'a configured site, alarm email and disposable data',
      { siteUrl: 'https://news.example.com', alarmEmail: 'ops@example.com', retainData: false },
    ],
    ['WebSub hubs (the feed-change queue and its function)', { websubHubs: 'https://hub.example.com' }],
    [
      'a Route 53 zone (DKIM, MAIL FROM and DMARC records in it)',
      {
        mailFrom: 'News <news@pressroom.dev>',
        hostedZoneId: 'Z0123456789ABC',
        hostedZoneName: 'pressroom.dev',
      },
    ],
  ])(
    'leave no unacknowledged error or warning with %s, and synth passes',
    // The first synth also loads aws-cdk-lib and cdk-nag: over 20 s alone on a busy 2-core machine.
    { timeout: 120_000 },
    (_name, context) => {
      const { app, stack } = pressroom(context)
      expect(findings(stack)).toEqual([])
      // What `cdk synth` does: the plugin runs over the assembly and would throw on any finding.
      expect(() => app.synth()).not.toThrow()
    },
  )

  it('fails synth on a finding nobody acknowledged', () => {
    const app = appWithNag()
    const stack = new Stack(app, 'Careless')
    new sqs.Queue(stack, 'PlainQueue', { encryption: sqs.QueueEncryption.SQS_MANAGED })
    expect(findings(stack).join('\n')).toMatch(/AwsSolutions-SQS4 at Careless\/PlainQueue/)
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/)
  })

  it('acknowledges each finding on the construct it is about, with a reason, never stack-wide', () => {
    const { stack } = pressroom()
    const acks = acknowledgments(stack)
    expect(acks.length).toBeGreaterThan(0)
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/)
      expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThanOrEqual(60)
      expect(ack.path, ack.id).not.toBe(stack.node.path)
    }
    // Wildcard findings are acknowledged for the one resource they name, never for every wildcard.
    for (const ack of acks.filter((a) => /^AwsSolutions-IAM[45]/.test(a.id))) {
      expect(ack.id).toMatch(/\[(Policy|Resource|Action)::.+\]$/)
    }
  })

  it('acknowledges nothing that no longer needs it', () => {
    const { stack } = pressroom()
    const acknowledged = new Set(acknowledgments(stack).map((ack) => `${ack.id} at ${ack.path}`))
    // The same stack with every acknowledgment ignored: each acknowledged finding must come back.
    const ignore = vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => {})
    const bare = (() => {
      try {
        return pressroom()
      } finally {
        ignore.mockRestore()
      }
    })()
    expect(acknowledgments(bare.stack)).toEqual([])
    const raised = findings(bare.stack)
    for (const ack of acknowledged) {
      const [id, path] = ack.split(' at ') as [string, string]
      expect(
        raised.some((finding) => finding.includes(`${id} at ${path}`)),
        `${ack} is not raised any more`,
      ).toBe(true)
    }
  })
})
