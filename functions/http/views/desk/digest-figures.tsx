import type { DigestFigures } from '../../../core/delivery-figures'
import type { DeskLang } from '../../desk/strings'

// Kept here rather than in the desk's strings: the digest page includes this block whole.
const STRINGS = {
  ko: {
    heading: '전달 현황',
    figure: '항목',
    count: '수',
    share: '보낸 메일 중',
    sent: '보냄',
    delivered: '전달됨',
    bounced: '반송',
    complained: '스팸 신고',
    unsubscribed: '7일 안에 구독 해지',
    note: '메일 서버가 알려 준 것만 셉니다. 열람 추적 픽셀도, 바꿔 쓴 링크도 없으므로 열람과 클릭은 세지 않습니다.',
  },
  en: {
    heading: 'Delivery',
    figure: 'Figure',
    count: 'Count',
    share: 'Of sent',
    sent: 'Sent',
    delivered: 'Delivered',
    bounced: 'Bounced',
    complained: 'Marked as spam',
    unsubscribed: 'Unsubscribed within 7 days',
    note: 'Counted from what the mail servers report. There is no open pixel and no rewritten link, so opens and clicks are not counted.',
  },
} satisfies Record<DeskLang, Record<string, string>>

const ROWS = ['sent', 'delivered', 'bounced', 'complained', 'unsubscribed'] as const

/**
 * A digest's delivery figures as a small table: sent (the ledger), then delivered, bounced, complained and
 * unsubscribed within 7 days (SES events and unsubscribes), each also as a share of sent.
 */
export function DeskDigestFigures({ figures, lang }: { figures: DigestFigures; lang: DeskLang }) {
  const t = STRINGS[lang]
  const locale = lang === 'ko' ? 'ko-KR' : 'en-GB'
  const count = new Intl.NumberFormat(locale)
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 })
  return (
    <section class="digest-figures" aria-labelledby="digest-figures-heading">
      <h2 id="digest-figures-heading">{t.heading}</h2>
      <table class="list">
        <thead>
          <tr>
            <th scope="col">{t.figure}</th>
            <th scope="col">{t.count}</th>
            <th scope="col">{t.share}</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr>
              <th scope="row">{t[row]}</th>
              <td data-figure={row}>{count.format(figures[row])}</td>
              <td>
                {row === 'sent' || figures.sent === 0 ? '–' : percent.format(figures[row] / figures.sent)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t.note}</p>
    </section>
  )
}
