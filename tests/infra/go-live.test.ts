import type { Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../functions/config'
import {
  type Json,
  type Resource,
  type Statement,
  only,
  render,
  FUNCTIONS,
  type FunctionName,
  deployedEnvironment,
  defaultStack,
  type DefaultStack,
} from './synth'

describe('PressroomStack (cdk.json defaults)', () => {
  let template: Template
  let fns: DefaultStack['fns']

  // The one bundling synth of this worker (tests/infra/synth.ts), however long it takes.
  beforeAll(() => {
    ;({ template, fns } = defaultStack())
  }, 300_000)

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
})
