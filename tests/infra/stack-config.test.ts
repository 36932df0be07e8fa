import { describe, expect, it } from 'vitest'
import { parseStackConfig } from '../../infra/stack-config'

describe('parseStackConfig', () => {
  const mailFrom = 'Pressroom <news@example.com>'

  it('fills in defaults, deriving senderDomain from mailFrom', () => {
    expect(parseStackConfig({ mailFrom })).toEqual({
      publicationTitle: 'Pressroom',
      publicationLang: 'en',
      feedSize: 20,
      mailFrom,
      senderDomain: 'example.com',
      customMailFromDomain: 'bounce.example.com',
      dmarcPolicy: 'none',
      dmarcReportAddress: 'dmarc-reports@example.com',
      postalAddress: '',
      maxSendRate: 14,
      senderConcurrency: 2,
      scheduleTimezone: 'UTC',
    })
    expect(parseStackConfig({ mailFrom }).alarmEmail).toBeUndefined()
  })

  it('passes a warm-up schedule its own parser accepts', () => {
    expect(parseStackConfig({ mailFrom, warmUpSchedule: ' 2026-12-01:50,100,500 ' }).warmUpSchedule).toBe(
      '2026-12-01:50,100,500',
    )
  })

  it('reads alarmEmail, trimmed', () => {
    expect(parseStackConfig({ mailFrom, alarmEmail: ' ops@example.com ' }).alarmEmail).toBe('ops@example.com')
  })

  it('coerces -c strings and treats blanks as unset', () => {
    expect(
      parseStackConfig({ mailFrom, feedSize: '30', siteUrl: '', senderDomain: '', websubHubs: '' }),
    ).toMatchObject({ feedSize: 30, siteUrl: undefined, senderDomain: 'example.com', websubHubs: undefined })
  })

  it('reads websubHubs as a JSON list or a comma-separated -c string', () => {
    const hubs = ['https://a.example', 'https://b.example']
    expect(parseStackConfig({ mailFrom, websubHubs: hubs }).websubHubs).toEqual(hubs)
    expect(
      parseStackConfig({ mailFrom, websubHubs: 'https://a.example, https://b.example' }).websubHubs,
    ).toEqual(hubs)
  })

  it('accepts a parent domain as senderDomain, and gives IDN domains in punycode', () => {
    expect(
      parseStackConfig({ mailFrom: 'news@Mail.Example.com', senderDomain: 'Example.com' }).senderDomain,
    ).toBe('example.com')
    expect(parseStackConfig({ mailFrom: '뉴스 <news@한국.kr>' }).senderDomain).toBe('xn--3e0b707e.kr')
  })

  it('requires mailFrom, naming the context key', () => {
    expect(() => parseStackConfig({})).toThrow('context key "mailFrom": is required')
  })

  it.each([
    ['feedSize', 0],
    ['feedSize', 'twenty'],
    ['feedSize', 101],
    ['siteUrl', 'news.example.com'],
    ['siteUrl', 'ftp://news.example.com'],
    ['publicationLang', 'english please'],
    ['publicationTitle', '   '],
    ['mailFrom', 'Pressroom'],
    ['mailFrom', 'Pressroom <news@>'],
    ['senderDomain', 'not a domain'],
    ['websubHubs', 'hub.example.com'],
    ['websubHubs', ['ftp://hub.example.com']],
    ['publicationDescription', '  '],
    ['maxSendRate', 0],
    ['maxSendRate', 'fast'],
    ['senderConcurrency', 1],
    ['senderConcurrency', 2.5],
    ['senderConcurrency', 1001],
    ['scheduleTimezone', 'Mars/Olympus_Mons'],
    ['alarmEmail', 'ops'],
    ['alarmEmail', 42],
    ['originVerifyRotation', 0],
    ['originVerifyRotation', 'next'],
    ['indexNowKey', 'short'],
    ['indexNowKey', 'has spaces in it'],
    ['publicationLogoUrl', 'logo.png'],
    ['naverSiteVerification', '<meta>'],
    ['warmUpSchedule', '2026-02-30:50,100'],
    ['warmUpSchedule', '2026-12-01:500,100'],
  ])('rejects %s = %j, naming the context key', (key, value) => {
    expect(() => parseStackConfig({ mailFrom, [key]: value })).toThrow(`context key "${key}`)
  })

  it.each([
    ['news@example.com', 'other.com'],
    ['news@example.com', 'mail.example.com'],
    ['news@notexample.com', 'example.com'],
  ])('refuses From %s with senderDomain %s: DKIM would not align, and mailFrom is named', (from, domain) => {
    expect(() => parseStackConfig({ mailFrom: from, senderDomain: domain })).toThrow(
      `context key "mailFrom": must be an address at senderDomain (${domain}) or a subdomain of it`,
    )
  })
})
