import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager'
import { describe, expect, it } from 'vitest'
import { readSecretWithPrevious } from '../../functions/config-values'

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:OriginVerify-AbCdEf'

/** A Secrets Manager client with no service behind it (none runs locally): it serves `stages`. */
function secretsWith(stages: Record<string, string>, failWith?: Error): Pick<SecretsManagerClient, 'send'> {
  return {
    send: (async (command: unknown) => {
      if (!(command instanceof GetSecretValueCommand)) throw new Error('unexpected Secrets Manager call')
      expect(command.input.SecretId).toBe(ARN)
      const stage = command.input.VersionStage ?? 'AWSCURRENT'
      if (failWith !== undefined && stage === 'AWSPREVIOUS') throw failWith
      const value = stages[stage]
      if (value === undefined) {
        throw new ResourceNotFoundException({
          message: `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
          $metadata: {},
        })
      }
      return { SecretString: value }
    }) as SecretsManagerClient['send'],
  }
}

describe('readSecretWithPrevious', () => {
  it('returns the current value, then the previous one a rotation left', async () => {
    const client = secretsWith({ AWSCURRENT: 'new-value', AWSPREVIOUS: 'old-value' })
    expect(await readSecretWithPrevious('us-east-1', ARN, client)).toEqual(['new-value', 'old-value'])
  })

  it('returns the current value alone for a secret never rotated', async () => {
    const client = secretsWith({ AWSCURRENT: 'only-value' })
    expect(await readSecretWithPrevious('us-east-1', ARN, client)).toEqual(['only-value'])
  })

  it('fails on any other error, rather than quietly accepting fewer values', async () => {
    const client = secretsWith({ AWSCURRENT: 'new-value' }, new Error('AccessDeniedException'))
    await expect(readSecretWithPrevious('us-east-1', ARN, client)).rejects.toThrow('AccessDeniedException')
  })
})
