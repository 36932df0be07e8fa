import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { CONFIGURATION_DOC, configurationMarkdown, schemaRows } from '../../cli/config-docs'

describe('docs/configuration.md', () => {
  it('is what `npm run docs:config` writes from the config schemas now', async () => {
    const committed = await readFile(CONFIGURATION_DOC, 'utf8')
    // a boolean, so a stale file fails with this sentence rather than a table-sized diff
    const stale = 'docs/configuration.md is stale: run `npm run docs:config`'
    expect(committed === (await configurationMarkdown()), stale).toBe(true)
  })

  it('reads default, required and description from the schema, through defaults and transforms', () => {
    const schema = z.object({
      SIZE: z.coerce.number().default(20).describe('How many.'),
      URL: z
        .url()
        .transform((url) => url.replace(/\/+$/, ''))
        .describe('Where.'),
      LIST: z
        .string()
        .default('')
        .transform((value) => value.split(','))
        .describe('Which.'),
    })
    expect(schemaRows(schema)).toEqual([
      { name: 'SIZE', default: 20, required: false, description: 'How many.' },
      { name: 'URL', default: undefined, required: true, description: 'Where.' },
      { name: 'LIST', default: '', required: false, description: 'Which.' },
    ])
  })

  it('refuses a variable without a description, naming it', () => {
    const schema = z.object({ PORT: z.coerce.number().default(3000) })
    expect(() => schemaRows(schema)).toThrow('PORT has no description')
  })
})
