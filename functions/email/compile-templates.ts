/**
 * Development-time only (`npm run emails`): compiles every templates/*.mjml into templates/compiled/, as
 * <name>.html (to open in a browser) and <name>.ts (the same HTML as a string constant, which esbuild
 * bundles). MJML itself never reaches a Lambda: it is large and slow to load, and the output only changes
 * when a template does. The {{placeholders}} pass through untouched; render.ts fills them at send time.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import mjml2html from 'mjml'

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
  return { html: result.html, errors: result.errors.map((error) => error.formattedMessage) }
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

async function main(): Promise<void> {
  await mkdir(COMPILED_DIR, { recursive: true })
  for (const mjmlPath of await listTemplates()) {
    const name = basename(mjmlPath, '.mjml')
    const { html } = await compileTemplate(mjmlPath)
    await writeFile(join(COMPILED_DIR, `${name}.html`), html)
    await writeFile(join(COMPILED_DIR, `${name}.ts`), compiledModule(name, html))
    console.log(`templates/${name}.mjml -> templates/compiled/${name}.html, ${name}.ts`)
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  })
}
