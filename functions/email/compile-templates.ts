/**
 * Development-time only (`npm run emails`): compiles every templates/*.mjml into templates/compiled/, as
 * <name>.html (to open in a browser) and <name>.ts (the same HTML as a string constant, which esbuild
 * bundles). MJML itself never reaches a Lambda: it is large and slow to load, and the output only changes
 * when a template does. The {{placeholders}} pass through untouched; render.ts fills them at send time.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import mjml2html from 'mjml'
import { greyPreview } from './preview-colour'

export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url))
export const COMPILED_DIR = join(TEMPLATES_DIR, 'compiled')

/** The .mjml files that are whole emails (partials/ holds the pieces they include). */
export async function listTemplates(): Promise<string[]> {
  const entries = await readdir(TEMPLATES_DIR, { withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.mjml'))
    .map((entry) => join(TEMPLATES_DIR, entry.name))
    .sort()
}

/** Compiles one template; throws, naming every problem, when MJML's strict validation finds any. */
export async function compileTemplate(
  mjmlPath: string,
  validationLevel: 'strict' | 'soft' = 'strict',
): Promise<{ html: string; errors: string[] }> {
  const source = await readFile(mjmlPath, 'utf8')
  const result = await mjml2html(source, {
    validationLevel,
    filePath: mjmlPath,
    // MJML 5 ignores mj-include unless told otherwise; the partials live under templates/ itself.
    ignoreIncludes: false,
    // No web fonts: the templates name system fonts, and a font link would be a third-party request.
    fonts: {},
    // Comments in the .mjml are notes for us, not for readers (Outlook's conditional comments stay).
    keepComments: false,
    minify: false,
    beautify: false,
  })
  return { html: greyPreview(result.html), errors: result.errors.map((error) => error.formattedMessage) }
}

/** `confirm` -> `confirmHtml`, `weekly-digest` -> `weeklyDigestHtml`. */
export function constantName(templateName: string): string {
  return `${templateName.replace(/[-_.]+([a-z0-9])/gi, (_, char: string) => char.toUpperCase())}Html`
}

/** The .ts module for a compiled template: one template literal, which Prettier leaves alone. */
export function compiledModule(templateName: string, html: string): string {
  const literal = html.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')
  return [
    `// Generated from templates/${templateName}.mjml by \`npm run emails\`: edit the .mjml and run that again.`,
    `export const ${constantName(templateName)} = \`${literal}\``,
    '',
  ].join('\n')
}

/** The digest's MJML as source text: the planner compiles it at run time (functions/email/digest.ts). */
export const DIGEST_SOURCES_PATH = join(COMPILED_DIR, 'digest-sources.ts')

const INCLUDE = /<mj-include\s+path="([^"]+)"\s*\/>/g

/**
 * A template's MJML with every `<mj-include path="…" />` replaced by the included file's mj-head or
 * mj-body content (whichever the include sits in), recursively, as MJML itself would. The result compiles
 * without reading a file, which a Lambda bundle cannot do: it carries no templates/ folder.
 * `within` reads a partial: only the content of its mj-head or mj-body.
 */
export async function inlineIncludes(mjmlPath: string, within?: 'head' | 'body'): Promise<string> {
  const whole = await readFile(mjmlPath, 'utf8')
  let source = whole
  if (within !== undefined) {
    const other = within === 'head' ? 'body' : 'head'
    if (new RegExp(`<mj-${other}[\\s>]`).test(whole)) {
      throw new Error(`${mjmlPath}: a partial included in mj-${within} must not have an mj-${other}`)
    }
    const match = new RegExp(`<mj-${within}(?:\\s[^>]*)?>([\\s\\S]*)</mj-${within}>`).exec(whole)
    if (match === null) throw new Error(`${mjmlPath}: no mj-${within} to include`)
    source = match[1]!
  }
  const headEnd = source.indexOf('</mj-head>')
  let inlined = ''
  let last = 0
  for (const include of source.matchAll(INCLUDE)) {
    const context = within ?? (include.index < headEnd ? 'head' : 'body')
    const partial = await inlineIncludes(resolve(dirname(mjmlPath), include[1]!), context)
    inlined += source.slice(last, include.index) + partial.trim()
    last = include.index + include[0].length
  }
  inlined += source.slice(last)
  if (inlined.includes('<mj-include')) {
    throw new Error(`${mjmlPath}: only <mj-include path="…" /> of an .mjml file can be inlined`)
  }
  return inlined
}

/** templates/compiled/digest-sources.ts: digest.mjml and one article card, partials inlined, as strings. */
export async function digestSourcesModule(): Promise<string> {
  const literal = (text: string) =>
    `\`${text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``
  const digest = await inlineIncludes(join(TEMPLATES_DIR, 'digest.mjml'))
  const card = await inlineIncludes(join(TEMPLATES_DIR, 'partials', 'article-card.mjml'), 'body')
  return [
    '// Generated from templates/digest.mjml and templates/partials/ by `npm run emails`: edit the .mjml and run that again.',
    '// MJML source, not HTML: the digest planner compiles it with the articles of each digest (email/digest.ts).',
    `export const digestSource = ${literal(digest)}`,
    '',
    '/** One article of the digest: the mj-body content of templates/partials/article-card.mjml. */',
    `export const articleCardSource = ${literal(card.trim())}`,
    '',
  ].join('\n')
}

async function main(): Promise<void> {
  await mkdir(COMPILED_DIR, { recursive: true })
  for (const mjmlPath of await listTemplates()) {
    const name = basename(mjmlPath, '.mjml')
    const { html } = await compileTemplate(mjmlPath)
    await writeFile(join(COMPILED_DIR, `${name}.html`), html)
    await writeFile(join(COMPILED_DIR, `${name}.ts`), compiledModule(name, html))
    console.log(`templates/${name}.mjml -> templates/compiled/${name}.html, ${name}.ts`)
  }
  await writeFile(DIGEST_SOURCES_PATH, await digestSourcesModule())
  console.log('templates/digest.mjml, partials/ -> templates/compiled/digest-sources.ts')
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  })
}
