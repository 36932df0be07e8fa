import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'

/** A conditional write whose condition did not hold: an outcome the caller names, not an error. */
export const CONDITION_FAILED = Symbol('condition failed')

/** Awaits a conditional write: CONDITION_FAILED when DynamoDB refused it on its condition; any other error is thrown. */
export async function conditionally<T>(write: Promise<T>): Promise<T | typeof CONDITION_FAILED> {
  try {
    return await write
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return CONDITION_FAILED
    throw error
  }
}
