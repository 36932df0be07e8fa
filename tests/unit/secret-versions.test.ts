import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../functions/config'
import { adminTokenFrom, secretReader, tokenSecretFrom } from '../../functions/config-values'

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:OriginVerify-AbCdEf'

/**
 * A real Secrets Manager client with no service behind it (none runs locally): its send serves `stages`,
 * which a test may change (a rotation), and counts the reads.
 */
function secretsWith(stages: Record<string, string>, failWith?: Error) {
  const client = new SecretsManagerClient({ region: 'us-east-1' })
  const reads: string[] = []
  client.send = (async (command: unknown) => {
    if (!(command instanceof GetSecretValueCommand)) throw new Error('unexpected Secrets Manager call')
    expect(command.input.SecretId).toBe(ARN)
    const stage = command.input.VersionStage ?? 'AWSCURRENT'
    reads.push(stage)
    if (failWith !== undefined && stage === 'AWSPREVIOUS') throw failWith
    const value = stages[stage]
    if (value === undefined) {
      throw new ResourceNotFoundException({
        message: `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
        $metadata: {},
      })
    }
    return { SecretString: value }
  }) as SecretsManagerClient['send']
  return { client, reads, stages }
}

describe('secretReader().withPrevious', () => {
  it('returns the current value, then the previous one a rotation left', async () => {
    const { client } = secretsWith({ AWSCURRENT: 'new-value', AWSPREVIOUS: 'old-value' })
    expect(await secretReader(client).withPrevious(ARN)).toEqual(['new-value', 'old-value'])
  })

  it('returns the current value alone for a secret never rotated', async () => {
    const { client } = secretsWith({ AWSCURRENT: 'only-value' })
    expect(await secretReader(client).withPrevious(ARN)).toEqual(['only-value'])
  })

  it('fails on any other error, rather than quietly accepting fewer values', async () => {
    const { client } = secretsWith({ AWSCURRENT: 'new-value' }, new Error('AccessDeniedException'))
    await expect(secretReader(client).withPrevious(ARN)).rejects.toThrow('AccessDeniedException')
  })

  it('asks Secrets Manager once per stage while the values are fresh', async () => {
    const { client, reads } = secretsWith({ AWSCURRENT: 'new-value', AWSPREVIOUS: 'old-value' })
    const reader = secretReader(client, 300)
    await reader.withPrevious(ARN)
    expect(await reader.withPrevious(ARN)).toEqual(['new-value', 'old-value'])
    expect(reads.sort()).toEqual(['AWSCURRENT', 'AWSPREVIOUS'])
  })

  it('sees a rotation once its cached values have expired', async () => {
    const { client, stages } = secretsWith({ AWSCURRENT: 'first' })
    const reader = secretReader(client, 0)
    expect(await reader.withPrevious(ARN)).toEqual(['first'])
    Object.assign(stages, { AWSCURRENT: 'second', AWSPREVIOUS: 'first' })
    expect(await reader.withPrevious(ARN)).toEqual(['second', 'first'])
  })
})

describe('the secrets a builder needs', () => {
  const config = (env: Record<string, string>) => loadConfig({ SITE_URL: 'https://news.example.com', ...env })
  const noSecretsManager = { secrets: () => expect.unreachable('no secret should be read') as never }

  it('takes the local values without asking Secrets Manager', async () => {
    const local = config({ ADMIN_TOKEN: 'a'.repeat(20), TOKEN_SECRET: 'b'.repeat(40) })
    expect(await adminTokenFrom(local, noSecretsManager)).toBe('a'.repeat(20))
    expect(await tokenSecretFrom(local, noSecretsManager)).toBe('b'.repeat(40))
  })

  it('names the missing variable when a function that needs a secret has neither source', async () => {
    await expect(adminTokenFrom(config({}), noSecretsManager)).rejects.toThrow(
      'ADMIN_TOKEN: set ADMIN_TOKEN or ADMIN_TOKEN_SECRET_ARN',
    )
    await expect(tokenSecretFrom(config({}), noSecretsManager)).rejects.toThrow(
      'TOKEN_SECRET: set TOKEN_SECRET or TOKEN_SECRET_ARN',
    )
  })
})
