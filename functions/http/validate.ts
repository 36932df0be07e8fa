import { zValidator } from '@hono/zod-validator'
import type { Context, ValidationTargets } from 'hono'
import { z } from 'zod'
import { toFieldProblems } from '../core/articles'
import { ValidationError, type FieldProblem } from '../core/errors'
import { requireJson } from './json-body'

type Target = keyof ValidationTargets

/**
 * Validates one part of the request with a core schema (zValidator). A failure throws the core's
 * ValidationError, so errors.ts stays the one place that turns it into HTTP: a 422 naming each field.
 * `onProblems` lets a page answer with its own form errors instead (it may still throw).
 */
export const validate = <T extends Target, S extends z.ZodType>(
  target: T,
  schema: S,
  onProblems?: (problems: FieldProblem[], raw: unknown, c: Context) => Response | Promise<Response>,
) =>
  zValidator(target, schema, (result, c) => {
    if (result.success) return
    const problems = toFieldProblems(result.error)
    if (onProblems !== undefined) return onProblems(problems, result.data, c)
    throw new ValidationError(problems)
  })

/** A JSON body, validated: `requireJson` then `validate('json', schema)`. */
export const jsonBody = <S extends z.ZodType>(schema: S) => [requireJson, validate('json', schema)] as const

const LIMIT_PROBLEM = 'must be a whole number from 1 to 100'

/** `?limit=`: a page size from 1 to 100, written in digits. */
export const limitSchema = (fallback: number) =>
  z
    .string()
    .regex(/^\d{1,3}$/, LIMIT_PROBLEM)
    .transform(Number)
    .pipe(z.number().min(1, LIMIT_PROBLEM).max(100, LIMIT_PROBLEM))
    .default(fallback)
