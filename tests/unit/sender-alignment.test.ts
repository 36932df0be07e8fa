import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../functions/config'
import { ValidationError } from '../../functions/core/errors'
import { feedbackTags } from '../../functions/core/mail-stream'
import { parseMessageTags } from '../../functions/core/message-tags'

const SITE_URL = 'https://news.example.com'

describe('the functions refuse to start with a From DKIM would not align with', () => {
  it.each([
    ['news@example.com', 'example.com'],
    ['Pressroom <news@mail.example.com>', 'example.com'],
    ['"한국 경제" <news@뉴스.한국>', 'xn--vg1b002a.xn--3e0b707e'],
    ['news@news.example.com', 'Example.COM'],
  ])('starts with MAIL_FROM %s and SES_SENDER_DOMAIN %s', (from, domain) => {
    expect(loadConfig({ SITE_URL, MAIL_FROM: from, SES_SENDER_DOMAIN: domain }).MAIL_FROM).toBe(from)
  })

  it.each([
    ['news@other.com', 'example.com'],
    ['news@notexample.com', 'example.com'],
    ['news@example.com', 'mail.example.com'],
  ])('refuses MAIL_FROM %s with SES_SENDER_DOMAIN %s, naming MAIL_FROM', (from, domain) => {
    expect(() => loadConfig({ SITE_URL, MAIL_FROM: from, SES_SENDER_DOMAIN: domain })).toThrow(
      new ConfigError(
        `Invalid configuration: MAIL_FROM: the From domain ${from.split('@')[1]} is neither the verified ` +
          `sender domain ${domain} nor a subdomain of it, so SES could not send it, or DKIM would not align with it under DMARC`,
      ),
    )
  })

  it('refuses a MAIL_FROM without an address and a SES_SENDER_DOMAIN that is no domain', () => {
    expect(() => loadConfig({ SITE_URL, MAIL_FROM: 'Pressroom' })).toThrow(
      'MAIL_FROM: must contain an address',
    )
    expect(() => loadConfig({ SITE_URL, MAIL_FROM: 'a@example.com', SES_SENDER_DOMAIN: 'a b' })).toThrow(
      'SES_SENDER_DOMAIN: must be a domain name',
    )
  })
})

describe('SES message tags', () => {
  it('gives every stream its Feedback-ID tags, the cadence or none second', () => {
    expect(parseMessageTags(feedbackTags('digest', 'weekly'))).toEqual([
      { Name: 'ses:feedback-id-a', Value: 'digest' },
      { Name: 'ses:feedback-id-b', Value: 'weekly' },
    ])
    expect(feedbackTags('confirmation')).toEqual({
      'ses:feedback-id-a': 'confirmation',
      'ses:feedback-id-b': 'none',
    })
  })

  it.each([
    ['ses:other', 'x'],
    ['pressroom digest', 'x'],
    ['pressroom-digest', 'daily:2026'],
    ['pressroom-digest', ''],
    ['pressroom-digest', 'a'.repeat(257)],
    ['pressroom-digest', '한국'],
  ])('refuses the tag %s=%j before sending, naming it', (name, value) => {
    expect(() => parseMessageTags({ [name]: value })).toThrow(ValidationError)
    expect(() => parseMessageTags({ [name]: value })).toThrow(`tags.${name}`)
  })
})
