import type { MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { languageDetector } from 'hono/language'
import { DESK_LANGS, isDeskLang, type DeskLang } from './strings'

export const LANGUAGE_COOKIE = 'desk_lang'

/**
 * The desk's language: `?lang=` (the switch in the header) stored as a setting, else that setting, else the
 * browser's Accept-Language (ko-KR counts as ko), else Korean.
 */
export function deskLanguage(secure: boolean): MiddlewareHandler<{ Variables: { language: string } }> {
  const detect = languageDetector({
    order: ['cookie', 'header'],
    lookupCookie: LANGUAGE_COOKIE,
    supportedLanguages: [...DESK_LANGS],
    fallbackLanguage: 'ko',
    caches: false,
    convertDetectedLanguage: (tag) => tag.split('-')[0]!.toLowerCase(),
  })
  return async (c, next) => {
    const chosen = c.req.query('lang')
    if (!isDeskLang(chosen)) return detect(c, next)
    if (chosen !== getCookie(c, LANGUAGE_COOKIE)) {
      setCookie(c, LANGUAGE_COOKIE, chosen, {
        path: '/admin',
        maxAge: 365 * 24 * 3600,
        sameSite: 'Strict',
        httpOnly: true,
        secure,
      })
    }
    c.set('language', chosen)
    await next()
  }
}

export const deskLang = (language: string): DeskLang => (isDeskLang(language) ? language : 'ko')
