import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import { DataTable } from './constructs/data-table'
import { HttpApi } from './constructs/http-api'
import type { StackConfig } from './stack-config'

export interface PressroomStackProps extends StackProps {
  readonly config: StackConfig
  /** @default true — see DataTableProps.retain */
  readonly retainData?: boolean
}

export class PressroomStack extends Stack {
  constructor(scope: Construct, id: string, props: PressroomStackProps) {
    super(scope, id, props)

    const data = new DataTable(this, 'Data', { retain: props.retainData ?? true })
    const web = new HttpApi(this, 'Web', { table: data.table, config: props.config })

    const outputs: Record<string, [value: string, description: string]> = {
      ApiUrl: [web.api.apiEndpoint, 'HTTP API endpoint (execute-api)'],
      SiteUrl: [web.siteUrl, 'Public base URL the app puts in links and feeds'],
      RssFeedUrl: [`${web.siteUrl}/feed.xml`, 'RSS 2.0 feed'],
      AtomFeedUrl: [`${web.siteUrl}/atom.xml`, 'Atom feed'],
      JsonFeedUrl: [`${web.siteUrl}/feed.json`, 'JSON Feed'],
      AdminTokenSecretArn: [
        web.adminTokenSecret.secretArn,
        'Admin bearer token: aws secretsmanager get-secret-value --query SecretString --secret-id <this ARN>',
      ],
      TableName: [data.table.tableName, 'DynamoDB table holding articles and tag index entries'],
    }
    for (const [id, [value, description]] of Object.entries(outputs))
      new CfnOutput(this, id, { value, description })
  }
}
