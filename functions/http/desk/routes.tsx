import { Hono, type Context } from 'hono'
import type { Child } from 'hono/jsx'
import type { Article } from '../../core/article'
import { buildArticle, createArticle, deleteArticle, putArticle, setArticleStatus } from '../../core/articles'
import { articleSubject, type Actor } from '../../core/audit'
import type { EditorSession } from '../../core/editor-session'
import { ConflictError, ValidationError, type FieldProblem } from '../../core/errors'
import { storeImage } from '../../core/media'
import type { ArticleStore } from '../../core/ports'
import { publicationUrls } from '../../core/publication'
import { isSlug } from '../../core/slug'
import { cleanLine } from '../../core/xml-text'
import { cursorSchema } from '../../adapters/dynamodb/cursor'
import type { AppDeps } from '../app-deps'
import { clientAddress } from '../client-address'
import { ArticlePage } from '../views/article-page'
import { DeskArticleListPage, type ListFilter } from '../views/desk/article-list-page'
import { ConflictPage } from '../views/desk/conflict-page'
import { ConfirmDeletePage } from '../views/desk/delete-page'
import { EditorPage } from '../views/desk/editor-page'
import { DraftCardPreviewPage, FeedItemPreviewPage } from '../views/desk/draft-preview-pages'
import { DeskMessagePage, SignInPage } from '../views/desk/sign-in-page'
import {
  articleFormFrom,
  articleFormOf,
  articleInputFromForm,
  emptyArticleForm,
  type ArticleForm,
} from './article-form'
import { DESK_SCRIPT } from './desk-script'
import { digestDeskRoutes } from './digest-routes'
import { feedItemPreview } from './feed-item-preview'
import { deskLang, deskLanguage } from './language'
import {
  currentSession,
  deskCookieKey,
  endSession,
  sameSecret,
  signInNonce,
  signInNonceMatches,
  startSession,
  type SessionSettings,
} from './session'
import { DESK_STRINGS } from './strings'
import { deskSubscriberRoutes } from './subscriber-routes'

/** Sign-in attempts allowed per client address, and for everyone together, per window. */
export const SIGN_IN_LIMITS = { perClient: 10, overall: 100, windowSeconds: 15 * 60 } as const
const AUDIT_LINES = 50
const LIST_SIZE = 50

type DeskEnv = { Variables: { language: string; session: EditorSession } }
type DeskContext = Context<DeskEnv>

/**
 * The editors' desk at /admin: server-rendered pages whose every change is a plain form POST answered with
 * a redirect (POST-redirect-GET), on the same core use cases as the admin API. Sessions, CSRF and the
 * sign-in rate limit: docs/decisions/016-editors-desk-sessions.md.
 */
export function deskRoutes(deps: AppDeps): Hono<DeskEnv> {
  const settings: SessionSettings = {
    sessions: deps.editorSessions,
    clock: deps.clock,
    cookieKey: deskCookieKey(deps.tokenSecret),
    secure: deps.publication.siteUrl.startsWith('https:'),
  }
  const app = new Hono<DeskEnv>()
  const strings = (c: DeskContext) => {
    const lang = deskLang(c.get('language'))
    return { t: DESK_STRINGS[lang], lang }
  }
  const page = (c: DeskContext, body: Child, status: 200 | 401 | 403 | 404 | 409 | 422 | 429 = 200) =>
    c.html('<!doctype html>' + String(body), status)
  const editorOf = (c: DeskContext) => {
    const session = c.get('session')
    return { name: session.editor, csrfToken: session.csrfToken }
  }
  const actorOf = (c: DeskContext): Actor => ({ name: c.get('session').editor, via: 'desk' })
  // The schedule field is the publication's wall clock, as its pages show dates.
  const timeZone = deps.publication.timeZone ?? 'UTC'
  const uploads = deps.media === undefined ? undefined : { maxBytes: deps.mediaMaxBytes }
  /**
   * The editor form as posted, with an attached cover image stored first: its URL fills the image field,
   * so the article is saved with it, and a form shown again (a problem elsewhere) keeps it.
   */
  const postedForm = async (c: DeskContext): Promise<{ form: ArticleForm; intent: string }> => {
    const body = await c.req.parseBody()
    const form = articleFormFrom(body)
    const cover = body['cover']
    if (cover instanceof File && cover.size > 0) {
      if (deps.media === undefined) {
        throw new ValidationError([{ field: 'cover', problem: 'cannot be uploaded here: no media store' }])
      }
      const media = { media: deps.media, publication: deps.publication, mediaMaxBytes: deps.mediaMaxBytes }
      const stored = await storeImage(media, new Uint8Array(await cover.arrayBuffer()))
      form.imageUrl = stored.url
      form.imageFor = stored.url
      form.imageType = stored.type
      form.imageLength = String(stored.length)
      form.imageWidth = stored.width === undefined ? '' : String(stored.width)
      form.imageHeight = stored.height === undefined ? '' : String(stored.height)
    }
    return { form, intent: typeof body['intent'] === 'string' ? body['intent'] : 'save' }
  }

  app.use('*', async (c, next) => {
    await next()
    // Pages with a CSRF token and unsaved articles: never stored by a browser or a shared cache.
    c.header('Cache-Control', 'no-store')
  })
  app.use('*', deskLanguage(settings.secure))

  app.get('/desk.js', (c) => c.body(DESK_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }))

  app.get('/sign-in', async (c) => {
    if ((await currentSession(c, settings)) !== undefined) return c.redirect('/admin/articles', 303)
    return page(c, <SignInPage {...strings(c)} nonce={await signInNonce(c, settings)} />)
  })

  app.post('/sign-in', async (c) => {
    const { t, lang } = strings(c)
    const body = await c.req.parseBody()
    const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '')
    if (!(await signInNonceMatches(c, settings, field('_csrf')))) {
      return page(c, <DeskMessagePage t={t} lang={lang} title={t.signIn} message={t.formExpired} />, 403)
    }
    const retry = async (error: string, status: 401 | 422 | 429) => {
      if (status === 429) c.header('Retry-After', String(SIGN_IN_LIMITS.windowSeconds))
      const nonce = await signInNonce(c, settings)
      return page(
        c,
        <SignInPage t={t} lang={lang} nonce={nonce} name={field('name')} error={error} />,
        status,
      )
    }
    const client = clientAddress(c, deps.originVerify)
    const { perClient, overall, windowSeconds } = SIGN_IN_LIMITS
    const allowed =
      (await deps.rateLimiter.hit(`desk-sign-in:${client}`, perClient, windowSeconds)) &&
      (await deps.rateLimiter.hit('desk-sign-in:all', overall, windowSeconds))
    if (!allowed) return retry(t.tooManySignIns, 429)
    const name = cleanLine(field('name')).trim().slice(0, 80)
    if (!sameSecret(field('token'), deps.adminToken)) return retry(t.wrongToken, 401)
    if (name === '') return retry(t.nameRequired, 422)
    await startSession(c, settings, name)
    return c.redirect('/admin/articles', 303)
  })

  // Everything below needs a live session, and every POST below a CSRF token bound to it.
  const desk = new Hono<DeskEnv>()
  desk.use('*', async (c, next) => {
    const session = await currentSession(c, settings)
    if (session === undefined) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.redirect('/admin/sign-in', 303)
      const { t, lang } = strings(c)
      return page(c, <DeskMessagePage t={t} lang={lang} title={t.signIn} message={t.sessionEnded} />, 401)
    }
    c.set('session', session)
    if (c.req.method === 'POST') {
      const body = await c.req.parseBody()
      const given = typeof body['_csrf'] === 'string' ? body['_csrf'] : c.req.header('x-csrf-token')
      if (!sameSecret(given, session.csrfToken)) {
        const { t, lang } = strings(c)
        const message = <DeskMessagePage t={t} lang={lang} title={t.deskTitle} message={t.formExpired} />
        return page(c, message, 403)
      }
    }
    await next()
  })

  desk.get('/', (c) => c.redirect('/admin/articles', 303))
  desk.route('/subscribers', deskSubscriberRoutes(deps))

  desk.post('/sign-out', async (c) => {
    await endSession(c, settings, c.get('session'))
    return c.redirect('/admin/sign-in', 303)
  })

  desk.get('/articles', async (c) => {
    const status = c.req.query('status')
    const filter: ListFilter = {
      ...((status === 'draft' || status === 'scheduled' || status === 'published') && { status }),
      ...(c.req.query('q')?.trim() && { q: c.req.query('q')!.trim() }),
    }
    const given = cursorSchema.safeParse(c.req.query('cursor'))
    const { items, cursor } = await findArticles(
      deps.articles,
      filter,
      given.success ? given.data : undefined,
    )
    const more = cursor === undefined ? undefined : `/admin/articles?${listQuery(filter, cursor)}`
    const { t, lang } = strings(c)
    const notice = c.req.query('deleted') !== undefined ? t.deleted : undefined
    return page(
      c,
      <DeskArticleListPage
        t={t}
        lang={lang}
        editor={editorOf(c)}
        articles={items}
        filter={filter}
        timeZone={timeZone}
        {...(more && { more })}
        {...(notice && { notice })}
      />,
    )
  })

  const newEditorPage = (c: DeskContext, form: ArticleForm, problems?: FieldProblem[]) => (
    <EditorPage
      {...strings(c)}
      editor={editorOf(c)}
      form={form}
      timeZone={timeZone}
      uploads={uploads}
      {...(problems && { problems })}
    />
  )

  desk.get('/articles/new', (c) => page(c, newEditorPage(c, emptyArticleForm())))

  desk.post('/articles', async (c) => {
    let form = articleFormFrom(await c.req.parseBody())
    try {
      const posted = await postedForm(c)
      form = posted.form
      const status = statusOf(posted.intent, 'draft')
      const { revision: _none, ...input } = articleInputFromForm(form, status, timeZone)
      const article = await createArticle(deps, input, actorOf(c))
      return c.redirect(`/admin/articles/${article.slug}?saved`, 303)
    } catch (error) {
      const problems = problemsOf(error)
      if (problems === undefined) throw error
      const status = error instanceof ConflictError ? 409 : 422
      return page(c, newEditorPage(c, form, problems), status)
    }
  })

  /** The article named in the path, or a calm 404 page. */
  const stored = async (c: DeskContext): Promise<Article | Response> => {
    const slug = c.req.param('slug') ?? ''
    const article = isSlug(slug) ? await deps.articles.get(slug) : undefined
    if (article !== undefined) return article
    const { t, lang } = strings(c)
    return page(
      c,
      <DeskMessagePage t={t} lang={lang} editor={editorOf(c)} title="404" message={t.notFound} />,
      404,
    )
  }

  const editorPage = async (
    c: DeskContext,
    article: Article,
    extra: { form?: ArticleForm; notice?: string; problems?: FieldProblem[] } = {},
  ) => {
    const audit = await deps.audit.list(articleSubject(article.slug), { limit: AUDIT_LINES })
    return (
      <EditorPage
        {...strings(c)}
        editor={editorOf(c)}
        article={article}
        form={extra.form ?? articleFormOf(article, timeZone)}
        timeZone={timeZone}
        uploads={uploads}
        publicUrl={publicationUrls(deps.publication).article(article.slug)}
        audit={audit}
        {...(extra.notice && { notice: extra.notice })}
        {...(extra.problems && { problems: extra.problems })}
      />
    )
  }

  desk.get('/articles/:slug', async (c) => {
    const article = await stored(c)
    if (article instanceof Response) return article
    const notice = c.req.query('saved') !== undefined ? strings(c).t.saved : undefined
    return page(c, await editorPage(c, article, { ...(notice && { notice }) }))
  })

  desk.post('/articles/:slug', async (c) => {
    const current = await stored(c)
    if (current instanceof Response) return current
    let form = articleFormFrom(await c.req.parseBody())
    // A stale form is refused before anything is parsed, stored or written: the editor sees both versions.
    const conflict = (saved: Article) =>
      page(
        c,
        <ConflictPage {...strings(c)} editor={editorOf(c)} mine={form} saved={saved} timeZone={timeZone} />,
        409,
      )
    if (form.revision.trim() !== String(current.revision)) return conflict(current)
    try {
      const posted = await postedForm(c)
      form = posted.form
      // "Publish now" publishes, "Schedule" schedules; "Save" keeps the status the article has.
      const input = articleInputFromForm(form, statusOf(posted.intent, current.status), timeZone)
      await putArticle(deps, current.slug, input, actorOf(c))
      return c.redirect(`/admin/articles/${current.slug}?saved`, 303)
    } catch (error) {
      if (error instanceof ConflictError) {
        // Someone saved between our read and our write: the store's revision condition refused it.
        const latest = await deps.articles.get(current.slug)
        if (latest !== undefined) return conflict(latest)
      }
      const problems = problemsOf(error)
      if (problems === undefined) throw error
      return page(c, await editorPage(c, current, { form, problems }), 422)
    }
  })

  for (const [path, status] of [
    ['publish', 'published'],
    ['unpublish', 'draft'],
  ] as const) {
    desk.post(`/articles/:slug/${path}`, async (c) => {
      const article = await stored(c)
      if (article instanceof Response) return article
      await setArticleStatus(deps, article.slug, status, actorOf(c))
      return c.redirect(`/admin/articles/${article.slug}?saved`, 303)
    })
  }

  desk.get('/articles/:slug/delete', async (c) => {
    const article = await stored(c)
    if (article instanceof Response) return article
    return page(c, <ConfirmDeletePage {...strings(c)} editor={editorOf(c)} article={article} />)
  })

  desk.post('/articles/:slug/delete', async (c) => {
    const article = await stored(c)
    if (article instanceof Response) return article
    await deleteArticle(deps, article.slug, actorOf(c))
    return c.redirect('/admin/articles?deleted', 303)
  })

  // The live preview: the form as it stands, rendered by the public article page's own code. `?as=card`
  // shows it as its card in a digest (the planner's renderer), `?as=feed` as its feed item (the feeds' builder).
  desk.post('/preview', async (c) => {
    const form = articleFormFrom(await c.req.parseBody())
    const as = c.req.query('as')
    try {
      const { revision: _revision, ...input } = articleInputFromForm(form, 'draft', timeZone)
      const now = deps.clock.now()
      if (as === 'card') {
        const { t, lang } = strings(c)
        if (deps.digestTrigger === undefined) {
          return page(
            c,
            <DeskMessagePage t={t} lang={lang} title={t.previewAsCard} message={t.cardNotAvailable} />,
            404,
          )
        }
        const { html } = await deps.digestTrigger.previewDraft({ draft: input, lang })
        return page(c, <DraftCardPreviewPage t={t} lang={lang} editor={editorOf(c)} html={html} />)
      }
      if (as === 'feed') {
        // As it will be once published: a draft has no date of its own yet.
        const published = {
          ...input,
          status: 'published' as const,
          publishedAt: input.publishedAt ?? now.toISOString(),
        }
        const article = buildArticle(published, now, deps.publication.lang)
        const { t, lang } = strings(c)
        const item = feedItemPreview(deps.publication, article)
        return page(c, <FeedItemPreviewPage t={t} lang={lang} editor={editorOf(c)} item={item} />)
      }
      const article = buildArticle(input, now, deps.publication.lang)
      return c.html('<!doctype html>' + <ArticlePage publication={deps.publication} article={article} />)
    } catch (error) {
      const problems = problemsOf(error)
      if (problems === undefined) throw error
      const { t, lang } = strings(c)
      const message = problems.map((p) => `${p.field}: ${p.problem}`).join(' · ')
      return page(c, <DeskMessagePage t={t} lang={lang} title={t.preview} message={message} />, 422)
    }
  })

  desk.route('/digests', digestDeskRoutes(deps))
  app.route('/', desk)
  return app
}

/** The status an editor form's button asks for; "save" keeps `current`. */
function statusOf(intent: string, current: Article['status']): Article['status'] {
  if (intent === 'publish') return 'published'
  if (intent === 'schedule') return 'scheduled'
  return current
}

/** A validation or conflict error as problems to show beside the form; undefined for anything else. */
function problemsOf(error: unknown): FieldProblem[] | undefined {
  // The core names the planned moment publishedAt (settleStatus); on the desk it is the schedule field.
  if (error instanceof ValidationError)
    return error.problems.map((p) =>
      p.field === 'publishedAt' && /schedule/.test(p.problem) ? { ...p, field: 'scheduledAt' } : p,
    )
  if (error instanceof ConflictError) return [{ field: 'slug', problem: error.message }]
  return undefined
}

function listQuery(filter: ListFilter, cursor: string): string {
  const query = new URLSearchParams()
  if (filter.status) query.set('status', filter.status)
  if (filter.q) query.set('q', filter.q)
  query.set('cursor', cursor)
  return query.toString()
}

/**
 * Articles matching the filter, newest first, read index page by index page (never a scan) until a screen
 * is full; the cursor continues where this stopped.
 */
async function findArticles(
  store: ArticleStore,
  filter: ListFilter,
  cursor: string | undefined,
): Promise<{ items: Article[]; cursor?: string }> {
  const needle = filter.q?.normalize('NFC').toLocaleLowerCase()
  const matches = (article: Article) =>
    (filter.status === undefined || article.status === filter.status) &&
    (needle === undefined || article.title.normalize('NFC').toLocaleLowerCase().includes(needle))
  const items: Article[] = []
  let next = cursor || undefined
  let pages = 0
  do {
    const page = await store.listAll({ limit: LIST_SIZE, ...(next !== undefined && { cursor: next }) })
    items.push(...page.items.filter(matches))
    next = page.cursor
    pages += 1
  } while (next !== undefined && items.length < LIST_SIZE && pages < 20)
  return { items, ...(next !== undefined && { cursor: next }) }
}
