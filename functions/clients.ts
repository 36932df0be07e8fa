import { CloudFrontClient } from '@aws-sdk/client-cloudfront'
import { S3Client } from '@aws-sdk/client-s3'
import { SchedulerClient } from '@aws-sdk/client-scheduler'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { LambdaClient } from '@aws-sdk/client-lambda'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { SESClient } from '@aws-sdk/client-ses'
import { SQSClient } from '@aws-sdk/client-sqs'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { Config } from './config'

/**
 * The SDK clients, made in one place. Each entry point's deps.ts asks only for the clients it uses, so a
 * function holds no client it never calls. A local endpoint (dynalite, the SES emulator) comes from the
 * configuration; the other services have no local server, and the SDK's own AWS_ENDPOINT_URL_<SERVICE>
 * variables still apply to them (the sizing bench points SQS at a stub that way).
 */

// The emulators accept any credentials; fixed ones keep a laptop without an AWS profile working.
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' }

const local = (endpoint: string | undefined) =>
  endpoint === undefined ? {} : { endpoint, credentials: LOCAL_CREDENTIALS }

export interface DynamoClients {
  client: DynamoDBClient
  /** What the stores use: plain JavaScript values in and out. */
  document: DynamoDBDocumentClient
}

export function dynamoClients(config: Pick<Config, 'AWS_REGION' | 'DYNAMODB_ENDPOINT'>): DynamoClients {
  const client = new DynamoDBClient({ region: config.AWS_REGION, ...local(config.DYNAMODB_ENDPOINT) })
  const document = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  })
  return { client, document }
}

/** The same clients for a given endpoint, for code that has no Config (table set-up, benches, CLIs). */
export function createDynamoClients({
  region,
  endpoint,
}: {
  region: string
  endpoint?: string
}): DynamoClients {
  return dynamoClients({ AWS_REGION: region, DYNAMODB_ENDPOINT: endpoint })
}

export function sesClient(config: Pick<Config, 'AWS_REGION' | 'SES_ENDPOINT'>): SESClient {
  return new SESClient({ region: config.AWS_REGION, ...local(config.SES_ENDPOINT) })
}

export function sqsClient(config: Pick<Config, 'AWS_REGION'>): SQSClient {
  return new SQSClient({ region: config.AWS_REGION })
}

// One attempt: a retried invoke could run a test send twice, and a throttled one is a 502 the editor retries.
export function lambdaClient(config: Pick<Config, 'AWS_REGION'>): LambdaClient {
  return new LambdaClient({ region: config.AWS_REGION, maxAttempts: 1 })
}

export function cloudFrontClient(config: Pick<Config, 'AWS_REGION'>): CloudFrontClient {
  return new CloudFrontClient({ region: config.AWS_REGION })
}

export function schedulerClient(config: Pick<Config, 'AWS_REGION'>): SchedulerClient {
  return new SchedulerClient({ region: config.AWS_REGION })
}

export function s3Client(config: Pick<Config, 'AWS_REGION'>): S3Client {
  return new S3Client({ region: config.AWS_REGION })
}

export function secretsManagerClient(config: Pick<Config, 'AWS_REGION'>): SecretsManagerClient {
  return new SecretsManagerClient({ region: config.AWS_REGION })
}

/** Every client a builder may ask for. */
export interface Clients {
  dynamo: DynamoClients
  ses: SESClient
  sqs: SQSClient
  lambda: LambdaClient
  cloudFront: CloudFrontClient
  secrets: SecretsManagerClient
  scheduler: SchedulerClient
  s3: S3Client
}

/** Each client made on first use (then kept), unless one is given: a builder makes only what it asks for. */
export type ClientSource = { readonly [K in keyof Clients]: () => Clients[K] }

export function clientSource(config: Config, given: Partial<Clients> = {}): ClientSource {
  const makers: { [K in keyof Clients]: () => Clients[K] } = {
    dynamo: () => dynamoClients(config),
    ses: () => sesClient(config),
    sqs: () => sqsClient(config),
    lambda: () => lambdaClient(config),
    cloudFront: () => cloudFrontClient(config),
    secrets: () => secretsManagerClient(config),
    scheduler: () => schedulerClient(config),
    s3: () => s3Client(config),
  }
  const made: Partial<Clients> = { ...given }
  const get =
    <K extends keyof Clients>(key: K) =>
    () =>
      (made[key] ??= makers[key]()) as Clients[K]
  return {
    dynamo: get('dynamo'),
    ses: get('ses'),
    sqs: get('sqs'),
    lambda: get('lambda'),
    cloudFront: get('cloudFront'),
    secrets: get('secrets'),
    scheduler: get('scheduler'),
    s3: get('s3'),
  }
}

/**
 * What tests, benches and `npm start` may hand a builder: clients of their own (an instrumented one, one
 * pointed at an emulator) and finished dependencies that replace the built ones (a fixed clock, a queue
 * that retries sooner). Everything else is built exactly as on AWS.
 */
export interface BuildOptions<Deps> {
  clients?: Partial<Clients>
  overrides?: Partial<Deps>
}
