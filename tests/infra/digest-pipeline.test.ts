import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Match, type Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../functions/config'
import { LambdaDigestTrigger, PLANNER_WAIT_MS } from '../../functions/adapters/lambda/lambda-digest-trigger'
import { SqsDeadLetterQueue } from '../../functions/adapters/queue/sqs-dead-letter-queue'
import { sendQueueUrl } from '../../functions/digest/handle-schedule'
import { buildHttpDeps } from '../../functions/http/deps'
import {
  type Json,
  type Resource,
  type Statement,
  only,
  FUNCTIONS,
  type FunctionName,
  deployedEnvironment,
  defaultStack,
  customStack,
  type DefaultStack,
} from './synth'

describe('PressroomStack (cdk.json defaults)', () => {
  let template: Template
  let outdir: string
  let fns: DefaultStack['fns']

  // The one bundling synth of this worker (tests/infra/synth.ts), however long it takes.
  beforeAll(() => {
    ;({ template, outdir, fns } = defaultStack())
  }, 300_000)

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
      // The HTTP function only for the desk's redrive, whose move task sends to the send queue (its one
      // statement also names the other queues it sends to).
      const queueArn = JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] })
      const webOnQueue = fns.WebHandler.statements.filter((s) =>
        [s.Resource].flat().some((r) => JSON.stringify(r) === queueArn),
      )
      expect(webOnQueue.flatMap((s) => [s.Action].flat())).toEqual(['sqs:SendMessage'])
      expect(on('EmailFeedbackHandler')).toEqual([])
    })

    it('lets the HTTP function invoke the planner, and that function alone, with no cycle between them', () => {
      const web = fns.WebHandler
      expect(web.fn.Properties.Environment.Variables.DIGEST_PLANNER_FUNCTION).toEqual({
        Ref: fns.DigestPlanner.id,
      })
      const invokes = web.statements.filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'))
      expect(invokes.map((s) => [s.Action].flat())).toEqual([['lambda:InvokeFunction']])
      expect(invokes.flatMap((s) => [s.Resource].flat())).toEqual([plannerArn()])
      for (const name of FUNCTIONS.filter((n) => n !== 'WebHandler')) {
        const actions = fns[name].statements.flatMap((s) => [s.Action].flat())
        expect(actions, name).not.toContain('lambda:InvokeFunction')
      }
      // The planner's definition names nothing of the HTTP function.
      expect(JSON.stringify(fns.DigestPlanner.fn)).not.toContain(fns.WebHandler.id)
      // Its wait for the planner ends before its own timeout does.
      expect((web.fn.Properties.Timeout as number) * 1000).toBeGreaterThan(PLANNER_WAIT_MS)
    })

    it('lets the HTTP function count and redrive the dead letters, and do nothing else with them', () => {
      const { queueId, dlqId } = queues()
      const vars = fns.WebHandler.fn.Properties.Environment.Variables
      expect(vars).toMatchObject({
        DIGEST_DEAD_LETTER_QUEUE_URL: { Ref: dlqId },
        DIGEST_DEAD_LETTER_QUEUE_ARN: { 'Fn::GetAtt': [dlqId, 'Arn'] },
        SEND_QUEUE_ARN: { 'Fn::GetAtt': [queueId, 'Arn'] },
      })
      const onDlq = (name: FunctionName) =>
        fns[name].statements
          .filter(
            (s) => JSON.stringify([s.Resource].flat()) === JSON.stringify([{ 'Fn::GetAtt': [dlqId, 'Arn'] }]),
          )
          .flatMap((s) => [s.Action].flat())
          .sort()
      expect(onDlq('WebHandler')).toEqual([
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:ReceiveMessage',
        'sqs:StartMessageMoveTask',
      ])
      for (const name of FUNCTIONS.filter((n) => n !== 'WebHandler')) expect(onDlq(name), name).toEqual([])
    })

    it("builds the HTTP function's digest trigger and dead letters from its deployed environment", async () => {
      const env = deployedEnvironment(fns.WebHandler.fn.Properties.Environment.Variables)
      const deps = await buildHttpDeps(loadConfig(env), {
        overrides: { adminToken: 'x'.repeat(40), tokenSecret: 'x'.repeat(48), originVerify: ['v'] },
      })
      expect(deps.digestTrigger).toBeInstanceOf(LambdaDigestTrigger)
      expect(deps.deadLetters).toBeInstanceOf(SqsDeadLetterQueue)
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
        'GoLiveHandler',
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
      // measured 1.66 MB; 2.13 MB with the desk's digest, subscriber and editor pages (file-type, the S3
      // client glue, Korean strings). The largest parts: zod's locales 264 KB (kept by the `z` namespace),
      // transliteration 190 KB, entities twice (CJS and ESM, 241 KB): each a candidate for trimming.
      WebHandler: 2.5e6,
      DigestSender: 0.8e6, // measured 0.65 MB
      EmailFeedbackHandler: 1.1e6, // measured 0.87 MB (ceiling 2.0 MB)
      DigestPlanner: 5.0e6, // measured 4.16 MB, MJML included; the 5 MB ceiling leaves ~20%
      // measured 0.85 MB before the welcome email; 1.17 MB with it (the latest articles and their reading
      // time); not yet broken down by module (ceiling 2.0 MB)
      ConfirmationsHandler: 1.5e6,
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
})

describe('PressroomStack (custom site, sender and publication; disposable data)', () => {
  let template: Template

  beforeAll(() => {
    ;({ template } = customStack())
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
})
