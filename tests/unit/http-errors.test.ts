import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { describe, expect, it, vi } from 'vitest'
import {
  ConflictError,
  DomainError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
} from '../../functions/core/errors'
import { TokenError } from '../../functions/core/tokens'
import { errorHandler } from '../../functions/http/errors'
import { logger } from '../../functions/log'
import { HtmlPage, textOf } from '../support/html-page'

const domainErrors: [string, () => Error, number][] = [
  ['ValidationError', () => new ValidationError([{ field: 'slug', problem: 'is not a slug' }]), 422],
  ['NotFoundError', () => new NotFoundError('No such thing'), 404],
  ['ConflictError', () => new ConflictError('Taken'), 409],
  ['RateLimitedError', () => new RateLimitedError(60), 429],
  ['TokenError', () => new TokenError('expired'), 400],
  ['a DomainError of its own', () => new DomainError('Not like this'), 400],
  ['an HTTPException', () => new HTTPException(413, { message: 'Too big' }), 413],
  ['an HTTPException with a ready response', () => new HTTPException(401, { res: new Response('no') }), 401],
]

function appThrowing(error: () => Error, lang: 'en' | 'ko' = 'en') {
  const app = new Hono()
  app.onError(errorHandler(lang))
  app.all('*', () => {
    throw error()
  })
  return app
}

describe('error mapping', () => {
  it.each(domainErrors)(
    'answers %s under /api in JSON that says what was wrong, with its status',
    async (_name, error, status) => {
      const response = await appThrowing(error).request('/api/anything', { method: 'POST' })
      expect(response.status).toBe(status)
      const body = (await response.json()) as { message: string }
      expect(body).toMatchObject({ error: expect.any(String), message: expect.any(String) })
      expect(body.message).not.toBe('')
    },
  )

  it.each(domainErrors)(
    'answers %s on a page with the HTML error page, with its status',
    async (_name, error, status) => {
      const response = await appThrowing(error).request('/articles/x', { method: 'POST' })
      expect(response.status).toBe(status)
      expect(response.headers.get('content-type')).toContain('text/html')
      expect(await response.text()).toMatch(/^<!doctype html>/)
    },
  )

  it('answers in JSON on a page when the request sent JSON', async () => {
    const response = await appThrowing(domainErrors[0]![1]).request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    })
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({ problems: [{ field: 'slug' }] })
  })

  it('names the field at fault in a validation error', async () => {
    const response = await appThrowing(domainErrors[0]![1]).request('/api/articles/x')
    expect(await response.json()).toMatchObject({
      message: 'slug: is not a slug',
      problems: [{ field: 'slug' }],
    })
  })

  it('logs anything else and answers 500 without internals', async () => {
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => {})
    const response = await appThrowing(() => new TypeError('secret detail')).request('/api/x')
    expect(response.status).toBe(500)
    expect(await response.text()).not.toContain('secret detail')
    expect(logged).toHaveBeenCalledOnce()
    logged.mockRestore()
  })

  it.each(domainErrors)(
    'answers %s on a Korean site with a Korean error page',
    async (_name, error, status) => {
      const response = await appThrowing(error, 'ko').request('/articles/x', { method: 'POST' })
      const page = new HtmlPage(await response.text())
      expect(response.status).toBe(status)
      expect(page.lang).toBe('ko')
      // Every word of the page is Korean: the English domain message is not shown.
      expect(textOf(page.elements('html')[0]!)).not.toMatch(/[A-Za-z]/)
    },
  )
})
