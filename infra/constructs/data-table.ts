import { RemovalPolicy } from 'aws-cdk-lib'
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import { Construct } from 'constructs'
import { TABLE_SCHEMA, TTL_ATTRIBUTE } from '../../functions/adapters/dynamodb/table-schema'

export interface DataTableProps {
  /**
   * Keep the table (and refuse deletes) when the stack goes away. The table is the only copy of every
   * article, so only throwaway test stacks should turn this off.
   * @default true
   */
  readonly retain?: boolean
}

const stringKey = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING })

/** The single Pressroom table, built from the same TABLE_SCHEMA the app and the local emulator use. */
export class DataTable extends Construct {
  readonly table: dynamodb.TableV2

  constructor(scope: Construct, id: string, props: DataTableProps = {}) {
    super(scope, id)
    const retain = props.retain ?? true

    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: stringKey(TABLE_SCHEMA.partitionKey),
      sortKey: stringKey(TABLE_SCHEMA.sortKey),
      globalSecondaryIndexes: TABLE_SCHEMA.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      // A small publication's traffic is spiky and mostly idle; on-demand costs nothing at rest.
      billing: dynamodb.Billing.onDemand(),
      // Short-lived items (rate-limit counters) carry their expiry here, in epoch seconds; DynamoDB deletes
      // them, free of write charges, some time after it passes, so they never pile up.
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    })
  }
}
