import { Hono, type Context } from 'hono'
import type { Child } from 'hono/jsx'
import { toFieldProblems } from '../../core/articles'
import { digestSubject, type Actor } from '../../core/audit'
import { TEST_DIGEST_ID } from '../../core/digest'
import { digestFigures } from '../../core/delivery-figures'
import {
  digestPreviewSchema,
  digestProgress,
  digestRunSchema,
  digestTestSchema,
  retryAllDeadLetters,
  retryDeadLetter,
  runDigestNow,
  sendTestDigest,
} from '../../core/digest-operations'
import { runMessage } from '../../core/digest-run-report'
import type { EditorSession } from '../../core/editor-session'
import { NotFoundError, ValidationError, type FieldProblem } from '../../core/errors'
import { cursorSchema } from '../../adapters/dynamodb/cursor'
import type { AppDeps } from '../app-deps'
import { DigestDeadLettersPage } from '../views/desk/digest-dead-letters-page'
import { DigestListPage, type DigestRunNotice } from '../views/desk/digest-list-page'
import { DigestPage } from '../views/desk/digest-page'
import { DigestPreviewPage, type DigestChoice } from '../views/desk/digest-preview-page'
import { DeskMessagePage } from '../views/desk/sign-in-page'
import { DIGEST_PROGRESS_SCRIPT } from './digest-progress-script'
import { DIGEST_STRINGS } from './digest-strings'
import { deskLang } from './language'
import { DESK_STRINGS } from './strings'

type DeskEnv = { Variables: { language: string; session: EditorSession } }
type DeskContext = Context<DeskEnv>

const LIST_SIZE = 50
const HISTORY_LINES = 50
const CHOOSABLE_ARTICLES = 50

/**
 * The desk's digests (/admin/digests), mounted behind the desk's session and CSRF checks (routes.tsx): the
 * list, one digest with live progress and its dead letters, preview and test of a digest of chosen
 * articles, and the dead-letter list with retry. Tests and retries are core use cases shared with the admin
 * API (core/digest-operations.ts).
 */
export function digestDeskRoutes(deps: AppDeps): Hono<DeskEnv> {
  const app = new Hono<DeskEnv>()
  const strings = (c: DeskContext) => {
    const lang = deskLang(c.get('language'))
    const { csrfToken, editor: name } = c.get('session')
    return { t: DESK_STRINGS[lang], lang, d: DIGEST_STRINGS[lang], editor: { name, csrfToken } }
  }
  const page = (c: DeskContext, body: Child, status: 200 | 404 | 422 = 200) =>
    c.html('<!doctype html>' + String(body), status)
  const actorOf = (c: DeskContext): Actor => ({ name: c.get('session').editor, via: 'desk' })
  const notFound = (c: DeskContext, message: string) => {
    const { t, lang, editor } = strings(c)
    return page(c, <DeskMessagePage t={t} lang={lang} editor={editor} title="404" message={message} />, 404)
  }

  const listPage = async (
    c: DeskContext,
    extra: { cursor?: string; ran?: DigestRunNotice; problems?: FieldProblem[] } = {},
  ) => {
    const { items, cursor: next } = await deps.digests.listDigests({
      limit: LIST_SIZE,
      ...(extra.cursor && { cursor: extra.cursor }),
    })
    const dead = await deps.deadLetters?.count()
    return (
      <DigestListPage
        {...strings(c)}
        digests={items}
        canRun={deps.digestTrigger !== undefined}
        {...(dead !== undefined && { deadLetters: dead })}
        {...(next && { more: `/admin/digests?cursor=${encodeURIComponent(next)}` })}
        {...(extra.ran && { ran: extra.ran })}
        {...(extra.problems && { problems: extra.problems })}
      />
    )
  }

  app.get('/', async (c) => {
    const given = cursorSchema.safeParse(c.req.query('cursor'))
    return page(c, await listPage(c, given.success && given.data ? { cursor: given.data } : {}))
  })

  // `npm run digest` in the browser. The list comes back with the run's own sentence (why "nothing new",
  // what was left out) and links to each planned digest, whose page shows the sending live.
  app.post('/run', async (c) => {
    const body = await c.req.parseBody()
    const { digestTrigger } = deps
    if (digestTrigger === undefined) return notFound(c, strings(c).d.runNotAvailable)
    const given = digestRunSchema.safeParse({ cadence: body['cadence'], force: body['force'] === 'on' })
    if (!given.success) {
      return page(c, await listPage(c, { problems: toFieldProblems(given.error) }), 422)
    }
    const summary = await runDigestNow({ ...deps, digestTrigger }, given.data, actorOf(c))
    const ran = {
      message: runMessage(summary, given.data.cadence, strings(c).lang),
      digests: summary.digests,
    }
    return page(c, await listPage(c, { ran }))
  })

  app.get('/progress.js', (c) =>
    c.body(DIGEST_PROGRESS_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }),
  )

  const previewPage = async (
    c: DeskContext,
    choice: DigestChoice,
    extra: { html?: string; to?: string; problems?: FieldProblem[]; notice?: string } = {},
  ) => (
    <DigestPreviewPage
      {...strings(c)}
      published={await deps.articles.listPublished({ limit: CHOOSABLE_ARTICLES })}
      choice={choice}
      available={deps.digestTrigger !== undefined}
      history={await deps.audit.list(digestSubject(TEST_DIGEST_ID), { limit: HISTORY_LINES })}
      {...extra}
    />
  )

  // Choosing articles changes nothing, so it is a GET: the preview's address can be bookmarked and shared.
  app.get('/preview', async (c) => {
    const articles = c.req.queries('articles') ?? []
    const lang = c.req.query('lang') === 'en' ? 'en' : strings(c).lang
    const choice = { articles, lang } satisfies DigestChoice
    const notice = c.req.query('sent') !== undefined ? strings(c).d.testSent : undefined
    if (articles.length === 0 || deps.digestTrigger === undefined) {
      return page(c, await previewPage(c, choice, { ...(notice && { notice }) }))
    }
    try {
      const input = parsed(digestPreviewSchema, { articles, lang })
      const { html } = await deps.digestTrigger.preview({ ...input, lang })
      return page(c, await previewPage(c, choice, { html, ...(notice && { notice }) }))
    } catch (error) {
      const problems = problemsOf(error)
      if (problems === undefined) throw error
      return page(c, await previewPage(c, choice, { problems }), 422)
    }
  })

  app.post('/test', async (c) => {
    const body = await c.req.parseBody({ all: true })
    const articles = [body['articles'] ?? []].flat().filter((value) => typeof value === 'string')
    const lang = body['lang'] === 'en' ? 'en' : 'ko'
    const to = typeof body['to'] === 'string' ? body['to'].trim() : ''
    const choice = { articles, lang } satisfies DigestChoice
    const { digestTrigger } = deps
    if (digestTrigger === undefined) return page(c, await previewPage(c, choice), 404)
    try {
      const input = parsed(digestTestSchema, { articles, lang, to })
      await sendTestDigest({ ...deps, digestTrigger }, { ...input, lang }, actorOf(c))
      const query = new URLSearchParams(articles.map((slug): [string, string] => ['articles', slug]))
      query.set('lang', lang)
      return c.redirect(`/admin/digests/preview?${query.toString()}&sent`, 303)
    } catch (error) {
      const problems = problemsOf(error)
      if (problems === undefined) throw error
      // The preview again, so the editor sees what they chose, with the address they typed.
      const shown = await digestTrigger.preview({ articles, lang }).catch(() => undefined)
      const html = shown?.html
      return page(c, await previewPage(c, choice, { problems, to, ...(html && { html }) }), 422)
    }
  })

  app.get('/dead-letters', async (c) => {
    const { deadLetters } = deps
    const [count, letters] = await Promise.all([deadLetters?.count(), deadLetters?.list?.()])
    const { d } = strings(c)
    const moved = Number(c.req.query('moved'))
    const notice =
      c.req.query('retried') !== undefined
        ? d.retried
        : Number.isSafeInteger(moved) && c.req.query('moved') !== undefined
          ? d.retriedAll(moved)
          : undefined
    return page(
      c,
      <DigestDeadLettersPage
        {...strings(c)}
        {...(count !== undefined && { count })}
        {...(letters && { letters })}
        {...(notice && { notice })}
      />,
    )
  })

  // Every dead letter at once: on AWS the only retry there is (SQS lists none without receiving it).
  app.post('/dead-letters/retry-all', async (c) => {
    const { deadLetters } = deps
    if (deadLetters === undefined) return notFound(c, strings(c).d.deadLettersElsewhere)
    const moved = await retryAllDeadLetters({ ...deps, deadLetters }, actorOf(c))
    return c.redirect(`/admin/digests/dead-letters?moved=${moved}`, 303)
  })

  app.post('/dead-letters/:id/retry', async (c) => {
    const redrive = deps.deadLetters?.redrive?.bind(deps.deadLetters)
    const { d } = strings(c)
    if (redrive === undefined) return notFound(c, d.deadLettersElsewhere)
    const letter = await retryDeadLetter({ ...deps, deadLetters: { redrive } }, c.req.param('id'), actorOf(c))
    if (letter === undefined) return notFound(c, d.noSuchDeadLetter)
    return c.redirect('/admin/digests/dead-letters?retried', 303)
  })

  app.get('/:id', async (c) => {
    const digest = await deps.digests.getDigest(c.req.param('id'))
    if (digest === undefined) return notFound(c, strings(c).d.notFound)
    const [variants, skipped, dead, history, counted] = await Promise.all([
      deps.digests.listVariants(digest.id),
      deps.digests.listSkips(digest.id, { limit: 100 }),
      deps.deadLetters?.list?.(),
      deps.audit.list(digestSubject(digest.id), { limit: HISTORY_LINES }),
      deps.figures.figures(digest.id),
    ])
    const deadLetters = dead?.filter((letter) => letter.batch.digestId === digest.id)
    return page(
      c,
      <DigestPage
        {...strings(c)}
        digest={digest}
        progress={digestProgress(digest, deps.clock.now())}
        figures={digestFigures(digest, counted)}
        variants={variants}
        skipped={skipped}
        {...(deadLetters && { deadLetters })}
        history={history}
        siteUrl={deps.publication.siteUrl}
      />,
    )
  })

  // What the progress script polls: the same numbers as the page, with the words it shows beside them.
  app.get('/:id/progress', async (c) => {
    const digest = await deps.digests.getDigest(c.req.param('id'))
    if (digest === undefined)
      return c.json({ error: 'not_found', message: `No digest ${c.req.param('id')}` }, 404)
    const { d } = strings(c)
    const progress = digestProgress(digest, deps.clock.now())
    return c.json({ ...progress, stateLabel: d[`state_${progress.state}`], perSecond: d.perSecond })
  })

  return app
}

/** The input as a core schema parses it, or the core's ValidationError naming each field. */
function parsed<S extends typeof digestPreviewSchema | typeof digestTestSchema>(
  schema: S,
  input: unknown,
): ReturnType<S['parse']> {
  const result = schema.safeParse(input)
  if (!result.success) throw new ValidationError(toFieldProblems(result.error))
  return result.data as ReturnType<S['parse']>
}

/** A preview's or test's refusal as problems beside the form; undefined for anything else. */
function problemsOf(error: unknown): FieldProblem[] | undefined {
  if (error instanceof ValidationError) return error.problems
  if (error instanceof NotFoundError) return [{ field: 'articles', problem: error.message }]
  return undefined
}
