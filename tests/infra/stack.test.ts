import type { Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { FUNCTIONS, defaultStack, customStack, type DefaultStack } from './synth'

describe('PressroomStack (cdk.json defaults)', () => {
  let template: Template
  let tableId: string
  let adminSecretId: string
  let identityId: string
  let configSetId: string
  let fns: DefaultStack['fns']

  // The one bundling synth of this worker (tests/infra/synth.ts), however long it takes.
  beforeAll(() => {
    ;({ template, tableId, adminSecretId, identityId, configSetId, fns } = defaultStack())
  }, 300_000)

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
        'MailFromDomain',
        'MailFromMxRecord',
        'MailFromSpfRecord',
        'DmarcRecord',
        'JsonFeedUrl',
        'RssFeedUrl',
        'SenderDomain',
        'SesConfigurationSet',
        'DigestDeadLetterQueueUrl',
        'ConfirmationDeadLetterQueueUrl',
        'SiteUrl',
        'TableName',
        'MediaBucketName',
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
  let template: Template

  beforeAll(() => {
    ;({ template } = customStack())
  })

  it('uses the configured site URL, without its trailing slash, in the outputs', () => {
    const outputs = template.findOutputs('*')
    expect(outputs.SiteUrl!.Value).toBe('https://news.example.com')
    expect(outputs.RssFeedUrl!.Value).toBe('https://news.example.com/feed.xml')
    expect(outputs.AtomFeedUrl!.Value).toBe('https://news.example.com/atom.xml')
    expect(outputs.JsonFeedUrl!.Value).toBe('https://news.example.com/feed.json')
  })
})
