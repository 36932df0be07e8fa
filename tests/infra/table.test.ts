import type { Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { TABLE_SCHEMA, TTL_ATTRIBUTE } from '../../functions/adapters/dynamodb/table-schema'
import { type Resource, only, defaultStack, customStack } from './synth'

describe('PressroomStack (cdk.json defaults)', () => {
  let table: Resource

  // The one bundling synth of this worker (tests/infra/synth.ts), however long it takes.
  beforeAll(() => {
    ;({ table } = defaultStack())
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
})

describe('PressroomStack (custom site, sender and publication; disposable data)', () => {
  let template: Template

  beforeAll(() => {
    ;({ template } = customStack())
  })

  it('lets a test stack delete its table', () => {
    const [, table] = only(template, 'AWS::DynamoDB::GlobalTable')
    expect(table.DeletionPolicy).toBe('Delete')
    expect(table.Properties.Replicas[0].DeletionProtectionEnabled).toBe(false)
  })
})
