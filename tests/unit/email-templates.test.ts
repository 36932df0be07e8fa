import { readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  COMPILED_DIR,
  compileTemplate,
  constantName,
  listTemplates,
  TEMPLATES_DIR,
} from '../../functions/email/compile-templates'

const templates = await listTemplates()

describe('email templates', () => {
  it('compiles each whole email, not the partials it includes', () => {
    expect(templates.map((path) => path.slice(TEMPLATES_DIR.length))).toEqual([
      'confirm.mjml',
      'digest.mjml',
      'welcome.mjml',
    ])
  })

  describe.each(templates.map((path) => [basename(path, '.mjml'), path] as const))(
    '%s.mjml',
    (name, path) => {
      it('passes MJML validation without a single error', async () => {
        const { errors } = await compileTemplate(path, 'soft')
        expect(errors).toEqual([])
        await expect(compileTemplate(path, 'strict')).resolves.toBeDefined()
      })

      it('matches the committed templates/compiled files (run `npm run emails` after editing the .mjml)', async () => {
        const { html } = await compileTemplate(path)
        const committedHtml = await readFile(join(COMPILED_DIR, `${name}.html`), 'utf8')
        const committedModule = (await import(
          pathToFileURL(join(COMPILED_DIR, `${name}.ts`)).href
        )) as Record<string, string>
        // a boolean, so a stale file fails with this sentence rather than a 12 kB diff
        const stale = `templates/compiled/${name}.html/.ts are stale: run \`npm run emails\``
        expect(committedHtml === html, stale).toBe(true)
        expect(committedModule[constantName(name)] === html, stale).toBe(true)
      })

      it('keeps its words out of the markup: every text node is a placeholder', async () => {
        const { html } = await compileTemplate(path)
        const body = html.slice(html.indexOf('<body'))
        const text = body
          .replace(/<!--[\s\S]*?-->/g, '')
          .replace(/<[^>]+>/g, ' ')
          .replace(/\{\{[^{}]+\}\}/g, ' ')
          .replace(/&nbsp;|&zwnj;|&#\d+;/g, ' ')
        expect(text.trim()).toBe('')
      })
    },
  )
})
