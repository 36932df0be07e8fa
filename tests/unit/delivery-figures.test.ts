import type { SNSEvent } from 'aws-lambda'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliMessages } from '../../cli/messages'
import { parseCommandLine } from '../../cli/ses-event'
import { sesEventNotification } from '../../cli/ses-notification'
import { figureEventOf } from '../../functions/core/delivery-figures'
import { ValidationError } from '../../functions/core/errors'
import { parseMessageTags } from '../../functions/core/message-tags'
import { DeskDigestFigures } from '../../functions/http/views/desk/digest-figures'

const messageOf = async (name: string): Promise<Record<string, unknown>> => {
  const event = JSON.parse(
    await readFile(join(import.meta.dirname, '../fixtures/ses', name), 'utf8'),
  ) as SNSEvent
  return JSON.parse(event.Records[0]!.Sns.Message) as Record<string, unknown>
}

describe('parseMessageTags: the one rule for SES message tags', () => {
  it("gives SES's Tags list for names and values SES accepts, the ses: feedback tags included", () => {
    expect(
      parseMessageTags({ 'pressroom-digest': 'weekly-2026-W48', 'ses:feedback-id-a': 'daily_digest' }),
    ).toEqual([
      { Name: 'pressroom-digest', Value: 'weekly-2026-W48' },
      { Name: 'ses:feedback-id-a', Value: 'daily_digest' },
    ])
  })

  it('refuses what SES would refuse, naming the tag: dots, spaces, Hangul, empty, too long', () => {
    for (const value of ['daily.2026', 'a b', '뉴스', '', 'x'.repeat(257)]) {
      expect(() => parseMessageTags({ 'pressroom-digest': value })).toThrow(ValidationError)
    }
    expect(() => parseMessageTags({ 'bad name': 'x' })).toThrow(/tags\.bad name: name must be/)
    expect(parseMessageTags({ 'pressroom-digest': 'x'.repeat(256) })).toHaveLength(1)
  })
})

describe('figureEventOf: which digest figure an SES event adds to', () => {
  it('reads a Delivery event of a tagged digest message (SNS fixture in the event-publishing shape)', async () => {
    expect(figureEventOf(await messageOf('event-delivery.json'))).toEqual({
      digestId: 'daily-2026-11-27',
      figure: 'delivered',
      eventId: 'ses#0100019c1f6e3a7b-5d0f1c2e-8a4b-4c3d-9e2f-1a2b3c4d5e6f-000000#Delivery',
    })
  })

  it('counts nothing for untagged mail, identity notifications, other types and not-spam', async () => {
    // SES's own bounce example carries only ses:* tags: a message of no digest.
    expect(figureEventOf(await messageOf('event-bounce.json'))).toBeUndefined()
    // Identity notifications (notificationType) carry no tags at all.
    expect(figureEventOf(await messageOf('legacy-delivery.json'))).toBeUndefined()
    const base = {
      messageId: 'm-1',
      recipient: 'a@example.com',
      digestId: 'daily-2026-11-27',
      sentAt: '2026-11-27T00:00:00.000Z',
      at: '2026-11-27T00:00:01.000Z',
    }
    const complaint = sesEventNotification('complaint', base) as { complaint: Record<string, unknown> }
    expect(figureEventOf(complaint)).toMatchObject({ figure: 'complained' })
    complaint.complaint.complaintFeedbackType = 'not-spam'
    expect(figureEventOf(complaint)).toBeUndefined()
    expect(figureEventOf({ ...sesEventNotification('delivery', base), eventType: 'Send' })).toBeUndefined()
    const forged = sesEventNotification('bounce', { ...base, digestId: 'DIGEST#x' })
    expect(figureEventOf(forged)).toBeUndefined()
  })
})

describe('npm run ses-event: the command line', () => {
  it('takes files, or a digest with an event type and recipients', () => {
    expect(parseCommandLine(['--', 'a.json', 'b.json'])).toEqual({ files: ['a.json', 'b.json'] })
    expect(parseCommandLine(['--digest', 'daily-2026-11-27'])).toEqual({
      digestId: 'daily-2026-11-27',
      type: 'delivery',
      to: [],
    })
    expect(
      parseCommandLine([
        '--digest',
        'd',
        '--type',
        'bounce',
        '--to',
        'a@example.com',
        '--to',
        'b@example.com',
      ]),
    ).toEqual({ digestId: 'd', type: 'bounce', to: ['a@example.com', 'b@example.com'] })
  })

  it('says what is wrong with a command line it cannot run, in either language', () => {
    const en = cliMessages({}).sesEvent
    const ko = cliMessages({ PUBLICATION_LANG: 'ko' }).sesEvent
    const problem = (args: string[]) => {
      const parsed = parseCommandLine(args)
      if (!('error' in parsed)) throw new Error(`parsed ${JSON.stringify(parsed)}`)
      return parsed.error
    }

    expect(en.problem(problem([]))).toBe('no notification file and no --digest')
    expect(ko.problem(problem([]))).toBe('알림 파일도 --digest도 주지 않았습니다')
    expect(en.problem(problem(['--digest', 'd', '--type', 'open']))).toBe(
      '--type must be delivery, bounce, complaint; got "open"',
    )
    expect(ko.problem(problem(['--digest', 'd', '--type', 'open']))).toBe(
      '--type은 delivery, bounce, complaint 중 하나여야 합니다. 받은 값: "open"',
    )
    expect(en.problem(problem(['--digest', 'd', 'a.json']))).toContain('not both')
    expect(problem(['--digets', 'd'])).toMatchObject({
      kind: 'bad-option',
      detail: expect.stringContaining('--digets'),
    })
    expect(ko.problem(problem(['--digets', 'd']))).toMatch(/^명령줄을 읽을 수 없습니다 \(.*--digets/)
  })
})

describe('the desk block of delivery figures', () => {
  const figures = { sent: 1200, delivered: 1188, bounced: 12, complained: 1, unsubscribed: 3 }

  it('shows each figure with its share of sent, in Korean', () => {
    const html = String(DeskDigestFigures({ figures, lang: 'ko' }))
    expect(html).toContain('<h2 id="digest-figures-heading">전달 현황</h2>')
    expect(html).toMatch(/<th scope="row">보냄<\/th><td data-figure="sent">1,200<\/td><td>–<\/td>/)
    expect(html).toMatch(/<th scope="row">전달됨<\/th><td data-figure="delivered">1,188<\/td><td>99%<\/td>/)
    expect(html).toMatch(/<td data-figure="bounced">12<\/td><td>1%<\/td>/)
    expect(html).toContain('열람 추적 픽셀')
  })

  it('shows no share before anything was sent, in English', () => {
    const html = String(
      DeskDigestFigures({
        figures: { sent: 0, delivered: 0, bounced: 0, complained: 0, unsubscribed: 0 },
        lang: 'en',
      }),
    )
    expect(html).toContain('Unsubscribed within 7 days')
    expect(html).not.toContain('%')
  })
})
