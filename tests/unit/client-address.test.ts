import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { clientAddress } from '../../functions/http/client-address'

const SECRET = 'origin-verify-secret-0123456789abcdefghij'
const PREVIOUS = 'origin-verify-before-rotation-0123456789'

/** The address the app would rate-limit, for a request as API Gateway (payload 2.0) hands it to Hono. */
async function addressOf(
  headers: Record<string, string>,
  { originVerify }: { originVerify?: readonly string[] } = { originVerify: [SECRET] },
) {
  const app = new Hono()
  app.get('/', (c) => c.text(clientAddress(c, originVerify)))
  const lambdaEnv = { requestContext: { http: { sourceIp: '198.51.100.7' } } }
  return (await app.request('/', { headers }, lambdaEnv)).text()
}

describe('clientAddress on Lambda', () => {
  it("believes CloudFront's viewer address on a request that carries CloudFront's secret header", async () => {
    expect(
      await addressOf({ 'cloudfront-viewer-address': '203.0.113.9:51234', 'x-origin-verify': SECRET }),
    ).toBe('203.0.113.9')
    expect(
      await addressOf({ 'cloudfront-viewer-address': '[2001:db8::1]:443', 'x-origin-verify': SECRET }),
    ).toBe('[2001:db8::1]')
  })

  it('uses the connection address when the viewer header comes without the secret, or with a wrong one', async () => {
    // Someone calling the execute-api URL directly, forging a new "viewer" for every request.
    expect(await addressOf({ 'cloudfront-viewer-address': '203.0.113.9:1' })).toBe('198.51.100.7')
    expect(
      await addressOf({ 'cloudfront-viewer-address': '203.0.113.9:1', 'x-origin-verify': `${SECRET}x` }),
    ).toBe('198.51.100.7')
    expect(await addressOf({ 'x-origin-verify': SECRET })).toBe('198.51.100.7')
  })

  it('accepts the previous value too while a rotation reaches every CloudFront edge', async () => {
    const rotating = { originVerify: [SECRET, PREVIOUS] }
    for (const value of [SECRET, PREVIOUS]) {
      expect(
        await addressOf({ 'cloudfront-viewer-address': '203.0.113.9:1', 'x-origin-verify': value }, rotating),
      ).toBe('203.0.113.9')
    }
    // Before the rotation (no previous value), the old value is just a wrong one.
    expect(
      await addressOf({ 'cloudfront-viewer-address': '203.0.113.9:1', 'x-origin-verify': PREVIOUS }),
    ).toBe('198.51.100.7')
  })

  it('believes no viewer header when no secret is configured', async () => {
    expect(await addressOf({ 'cloudfront-viewer-address': '203.0.113.9:1' }, {})).toBe('198.51.100.7')
  })
})
