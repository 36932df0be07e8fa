import type { FieldProblem } from '../../core/errors'
import type { Publication } from '../../core/publication'
import { CADENCES, type Subscriber } from '../../core/subscriber'
import { Layout } from './layout'
import { PAGE_STRINGS, type PageLang } from './page-strings'

const TIME_ZONES = [
  'Asia/Seoul',
  'Asia/Tokyo',
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
]

interface FormValues {
  email?: string
  name?: string
  topics?: string[]
  cadence?: string
  deliveryHour?: number
  timezone?: string
  lang?: string
}

/** The fields a subscriber chooses; used by the subscribe form and the preferences page. */
function PreferenceFields({
  lang,
  values,
  problems,
}: {
  lang: PageLang
  values: FormValues
  problems?: FieldProblem[] | undefined
}) {
  const t = PAGE_STRINGS[lang]
  const zones =
    values.timezone && !TIME_ZONES.includes(values.timezone) ? [values.timezone, ...TIME_ZONES] : TIME_ZONES
  return (
    <>
      <p>
        <label for="name">{t.name}</label>
        <input
          id="name"
          name="name"
          type="text"
          autocomplete="name"
          maxlength={100}
          value={values.name ?? ''}
          {...invalidProps('name', problems)}
        />
      </p>
      <p>
        <label for="topics">{t.topics}</label>
        <input
          id="topics"
          name="topics"
          type="text"
          value={(values.topics ?? []).join(', ')}
          {...invalidProps('topics', problems)}
        />
      </p>
      <fieldset {...invalidProps('cadence', problems)}>
        <legend>{t.cadence}</legend>
        {CADENCES.map((cadence) => (
          <label class="choice">
            <input
              type="radio"
              name="cadence"
              value={cadence}
              checked={(values.cadence ?? 'daily') === cadence}
            />{' '}
            {t.cadences[cadence]}
          </label>
        ))}
      </fieldset>
      <p>
        <label for="deliveryHour">{t.deliveryHour}</label>
        <input
          id="deliveryHour"
          name="deliveryHour"
          type="number"
          min={0}
          max={23}
          value={String(values.deliveryHour ?? 8)}
          {...invalidProps('deliveryHour', problems)}
        />
      </p>
      <p>
        <label for="timezone">{t.timezone}</label>
        <select id="timezone" name="timezone" {...invalidProps('timezone', problems)}>
          {zones.map((zone) => (
            <option
              value={zone}
              selected={(values.timezone ?? (lang === 'ko' ? 'Asia/Seoul' : 'UTC')) === zone}
            >
              {zone}
            </option>
          ))}
        </select>
      </p>
      <p>
        <label for="lang">{t.language}</label>
        <select id="lang" name="lang" {...invalidProps('lang', problems)}>
          <option value="ko" selected={(values.lang ?? lang) === 'ko'}>
            한국어
          </option>
          <option value="en" selected={(values.lang ?? lang) === 'en'}>
            English
          </option>
        </select>
      </p>
    </>
  )
}

const FIELD_LABELS: Record<string, keyof (typeof PAGE_STRINGS)['en']> = {
  email: 'email',
  name: 'name',
  topics: 'topics',
  cadence: 'cadence',
  deliveryHour: 'deliveryHour',
  timezone: 'timezone',
  lang: 'language',
}

function Problems({ lang, problems }: { lang: PageLang; problems?: FieldProblem[] }) {
  if (!problems || problems.length === 0) return null
  const label = (field: string) => {
    const key = FIELD_LABELS[field]
    const value = key === undefined ? field : PAGE_STRINGS[lang][key]
    return typeof value === 'string' ? value : field
  }
  const hints: Readonly<Record<string, string>> = PAGE_STRINGS[lang].fieldHints
  const hint = (problem: FieldProblem) =>
    Object.hasOwn(hints, problem.field) ? hints[problem.field] : problem.problem
  return (
    <div role="alert" class="problems">
      <p>{PAGE_STRINGS[lang].fixErrors}</p>
      <ul>
        {problems.map((p) => (
          <li id={`problem-${p.field}`}>
            {label(p.field)}: {hint(p)}
          </li>
        ))}
      </ul>
    </div>
  )
}

/** aria attributes that tie a field to its problem, when it has one. */
const invalidProps = (field: string, problems?: FieldProblem[]) =>
  problems?.some((p) => p.field === field)
    ? { 'aria-invalid': 'true', 'aria-describedby': `problem-${field}` }
    : {}

/** The subscribe form; works without JavaScript (a plain POST). Shown on the home and article pages. */
export function SubscribeForm({
  lang,
  values = {},
  problems,
  standalone = false,
}: {
  lang: PageLang
  values?: FormValues
  problems?: FieldProblem[]
  /** On its own page the form's heading is the page's h1; under an article it is an h2. */
  standalone?: boolean
}) {
  const t = PAGE_STRINGS[lang]
  return (
    <section class="subscribe" aria-labelledby="subscribe-heading">
      {standalone ? (
        <h1 id="subscribe-heading">{t.subscribeHeading}</h1>
      ) : (
        <h2 id="subscribe-heading">{t.subscribeHeading}</h2>
      )}
      <Problems lang={lang} problems={problems} />
      <form method="post" action="/subscribe">
        <p>
          <label for="email">{t.email}</label>
          <input
            id="email"
            name="email"
            type="email"
            required
            autocomplete="email"
            value={values.email ?? ''}
            {...invalidProps('email', problems)}
          />
        </p>
        {/* Open when one of its fields needs fixing, so the field the message names is in view. */}
        <details open={problems?.some((p) => p.field !== 'email') ?? false}>
          <summary>{t.managePreferences}</summary>
          <PreferenceFields lang={lang} values={values} problems={problems} />
        </details>
        <p>
          <button type="submit">{t.subscribe}</button>
        </p>
      </form>
      {standalone && (
        // A promise worth making where the reader decides: the digests' figures come from SES, not from readers.
        <section class="no-tracking" aria-labelledby="no-tracking-heading">
          <h2 id="no-tracking-heading">{t.noTrackingHeading}</h2>
          <p>{t.noTracking}</p>
        </section>
      )}
    </section>
  )
}

export interface MessagePageProps {
  publication: Publication
  lang: PageLang
  heading: string
  text?: string
  /** A single-button form, e.g. the confirmation or unsubscribe step. */
  action?: { url: string; token: string; label: string }
  links?: { href: string; label: string }[]
  status?: 'ok' | 'error'
}

/** A short page with a heading, a sentence, and at most one button. */
export function MessagePage({ publication, lang, heading, text, action, links = [] }: MessagePageProps) {
  return (
    <Layout publication={publication} title={`${heading} · ${publication.title}`} lang={lang}>
      <h1>{heading}</h1>
      {text ? <p>{text}</p> : null}
      {action ? (
        <form method="post" action={action.url}>
          <input type="hidden" name="token" value={action.token} />
          <button type="submit">{action.label}</button>
        </form>
      ) : null}
      {links.length > 0 ? (
        <ul>
          {links.map((link) => (
            <li>
              <a href={link.href}>{link.label}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </Layout>
  )
}

/** The preferences page: every setting, saved on POST, plus the way out. */
export function PreferencesPage(props: {
  publication: Publication
  subscriber: Subscriber
  token: string
  unsubscribeToken: string
  saved?: boolean
  problems?: FieldProblem[]
}) {
  const lang = props.subscriber.lang
  const t = PAGE_STRINGS[lang]
  return (
    <Layout
      publication={props.publication}
      title={`${props.saved ? `${t.saved} · ` : ''}${t.preferencesHeading} · ${props.publication.title}`}
      lang={lang}
    >
      <h1>{t.preferencesHeading}</h1>
      {props.saved ? (
        <p role="status" class="saved">
          {t.saved}
        </p>
      ) : null}
      <p>{props.subscriber.email}</p>
      <Problems lang={lang} problems={props.problems} />
      <form method="post" action="/preferences">
        <input type="hidden" name="token" value={props.token} />
        <PreferenceFields lang={lang} values={props.subscriber} problems={props.problems} />
        <p>
          <button type="submit">{t.save}</button>
        </p>
      </form>
      <h2>{t.unsubscribeHeading}</h2>
      <p>{t.unsubscribeText}</p>
      <form method="post" action="/unsubscribe">
        <input type="hidden" name="token" value={props.unsubscribeToken} />
        <button type="submit">{t.unsubscribeButton}</button>
      </form>
    </Layout>
  )
}
