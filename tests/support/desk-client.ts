import type { Hono } from 'hono'
import { ADMIN_TOKEN } from './test-app'

/**
 * A browser's share of the desk for app.request(): a cookie jar (path and expiry ignored: every desk
 * cookie is Path=/admin) and form posts as a browser sends them, application/x-www-form-urlencoded.
 */
export class DeskClient {
  readonly cookies = new Map<string, string>()
  /** The last response's Set-Cookie headers, as sent. */
  setCookies: string[] = []

  constructor(
    private readonly app: Pick<Hono, 'request'>,
    private readonly headers: Record<string, string> = {},
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    const response = await this.app.request(path, {
      ...init,
      headers: { ...this.headers, ...(cookie && { cookie }), ...init.headers },
    })
    this.setCookies = response.headers.getSetCookie()
    for (const line of this.setCookies) {
      const [pair = '', ...attributes] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const gone = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute)) || value === ''
      if (gone) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return response
  }

  get(path: string): Promise<Response> {
    return this.request(path)
  }

  post(path: string, fields: Record<string, string>): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
  }

  /** A form post with files, as a browser sends the editor form when it can upload: multipart/form-data. */
  postMultipart(
    path: string,
    fields: Record<string, string>,
    files: Record<string, File> = {},
  ): Promise<Response> {
    const body = new FormData()
    for (const [name, value] of Object.entries(fields)) body.append(name, value)
    for (const [name, file] of Object.entries(files)) body.append(name, file)
    return this.request(path, { method: 'POST', body })
  }

  /** Signs in through the form, as an editor would; returns the sign-in POST's response. */
  async signIn(name = '김편집', token = ADMIN_TOKEN): Promise<Response> {
    const form = await (await this.get('/admin/sign-in')).text()
    return this.post('/admin/sign-in', { _csrf: csrfOf(form), name, token })
  }

  /** The CSRF token of the page at `path` (any desk page with a form). */
  async csrf(path = '/admin/articles'): Promise<string> {
    return csrfOf(await (await this.get(path)).text())
  }
}

/** The first `_csrf` hidden field's value in a page. */
export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1]
  if (token === undefined) throw new Error(`no CSRF field in the page: ${html.slice(0, 300)}`)
  return token
}

/** The editor form's fields for a new article, as the browser sends them. */
export const articleFields = (csrf: string, overrides: Record<string, string> = {}) => ({
  _csrf: csrf,
  title: '반도체 수출 전망',
  slug: '',
  summary: '메모리 가격 회복이 수출을 이끈다.',
  body: '## 핵심\r\n\r\n한글 본문입니다.\r\n',
  tags: '경제, 반도체',
  lang: '',
  author: '',
  imageUrl: '',
  imageAlt: '',
  canonicalUrl: '',
  related: '',
  publishedAt: '',
  scheduledAt: '',
  intent: 'save',
  ...overrides,
})
