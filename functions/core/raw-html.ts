import type { Lexer, MarkedExtension, Tokenizer, TokenizerExtension, Tokens } from 'marked'
import { escapeHtml } from './html'

// CommonMark's grammar for a tag written in Markdown (spec 0.31, "Raw HTML"), read at one position (sticky).
// Its whitespace holds at most one line ending: after a blank line, `<pre` is text and not a tag.
const SPACE = String.raw`[ \t]*(?:\n[ \t]*)?`
const SOME_SPACE = String.raw`(?:[ \t]+(?:\n[ \t]*)?|\n[ \t]*)`
const ATTRIBUTE = String.raw`${SOME_SPACE}[a-zA-Z_:][\w.:-]*(?:${SPACE}=${SPACE}(?:[^\s"'=<>\x60]+|'[^']*'|"[^"]*"))?`
const OPEN_TAG = new RegExp(String.raw`<([a-zA-Z][a-zA-Z0-9-]*)(?:${ATTRIBUTE})*${SPACE}\/?>`, 'y')
const CLOSING_TAG = new RegExp(String.raw`<\/([a-zA-Z][a-zA-Z0-9-]*)${SPACE}>`, 'y')
const EMPTY_COMMENT = /<!---?>/y // `<!-->` and `<!--->` are whole comments in HTML and CommonMark

/**
 * Makes every `<` in a piece of raw HTML plain text unless it opens a well-formed tag the sanitizer allows,
 * and drops whole comments (the sanitizer would too). A tag it does not allow is shown as typed.
 *
 * Why here and not in the sanitizer: once an HTML parser meets `<style>`, `<textarea>`, `<xmp>`, `<title>`,
 * `<plaintext>`... it reads everything after it (the rest of the article, the `</p>` marked wrote) as that
 * element's text, and the sanitizer can then only drop it or show it as markup. So nothing the sanitizer
 * does not allow may reach the parser as a tag.
 */
export function showDisallowedHtmlAsText(html: string, allowed: ReadonlySet<string>): string {
  let out = ''
  let copied = 0 // html[0, copied) is in out
  const lastClose = html.lastIndexOf('-->') // past it no comment closes, so a run of `<!--` stays linear
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at)) {
    const tag = matchAt(OPEN_TAG, html, at) ?? matchAt(CLOSING_TAG, html, at)
    if (tag && allowed.has(tag[1]!.toLowerCase())) {
      at += tag[0].length
      continue
    }
    out += html.slice(copied, at)
    const end = html.startsWith('<!--', at) ? commentEnd(html, at, lastClose) : -1
    if (end !== -1) {
      at = copied = end
      continue
    }
    const shown = tag?.[0] ?? '<'
    out += escapeHtml(shown)
    at = copied = at + shown.length
  }
  return out + html.slice(copied)
}

/** Where the comment opening at `at` ends, or -1 when it is never closed. */
function commentEnd(html: string, at: number, lastClose: number): number {
  const empty = matchAt(EMPTY_COMMENT, html, at)
  if (empty) return at + empty[0].length
  return at + 4 > lastClose ? -1 : html.indexOf('-->', at + 4) + 3
}

function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at
  return pattern.exec(text)
}

function tagName(html: string): string | undefined {
  const text = html.trimStart()
  return (matchAt(OPEN_TAG, text, 0) ?? matchAt(CLOSING_TAG, text, 0))?.[1]
}

/** The lexer's own tokenizer (the one it was given in its options), to ask what it would make of `src`. */
function builtIn(lexer: Lexer): Tokenizer {
  const tokenizer = lexer.options.tokenizer
  if (!tokenizer) throw new Error('marked lexer without a tokenizer')
  return tokenizer
}

/**
 * A marked extension for Markdown whose raw HTML goes through a sanitizer allowing `allowedTags`:
 * - an inline tag the sanitizer does not allow becomes text, shown as typed;
 * - a line that would open an HTML block with anything else than an allowed tag (`<style>`, `<textarea>`,
 *   `<title>`, a comment left open, `<?php`, `<!DOCTYPE`) is read as a paragraph instead, so the Markdown
 *   after it still renders and its tags are shown as above;
 * - inside an HTML block that opens with an allowed tag, every other `<` is shown as text.
 * marked's "raw block" mode (text after an inline `<pre>`, `<code>`, `<kbd>` or `<script>` left unescaped)
 * is never entered, so no unescaped `<` reaches the sanitizer's parser.
 */
export function rawHtmlAsText(allowedTags: readonly string[]): MarkedExtension {
  const allowed = new Set(allowedTags.map((name) => name.toLowerCase()))

  const htmlBlock: TokenizerExtension = {
    name: 'disallowedHtmlBlock',
    level: 'block',
    tokenizer(src) {
      const { state } = this.lexer
      const tokenizer = builtIn(this.lexer)
      const block = tokenizer.html(src)
      if (!block) return undefined
      const name = tagName(block.raw)
      if (name !== undefined && allowed.has(name.toLowerCase())) return undefined
      if (block.raw.trimStart().startsWith('<!--') && /-->/.test(block.raw)) return undefined
      return state.top ? tokenizer.paragraph(src) : tokenizer.text(src)
    },
  }

  const inlineTag: TokenizerExtension = {
    name: 'disallowedTag',
    level: 'inline',
    tokenizer(src) {
      if (src.charCodeAt(0) !== 0x3c) return undefined
      const { state } = this.lexer
      const tokenizer = builtIn(this.lexer)
      const inLink = state.inLink
      const token = tokenizer.tag(src)
      state.inRawBlock = false
      if (!token) return undefined
      const name = tagName(token.raw)
      const isComment = token.raw.startsWith('<!--') // whole: marked's inline grammar needs the `-->`
      if (isComment || (name !== undefined && allowed.has(name.toLowerCase())))
        return { ...token, inRawBlock: false }
      state.inLink = inLink
      // An html token, not a text one: marked appends the plain text that follows to a text token, and would
      // then show it unescaped. Its text holds no '<' any more, so the renderer below passes it as it is.
      return {
        type: 'html',
        raw: token.raw,
        text: escapeHtml(token.raw),
        block: false,
        pre: false,
      } satisfies Tokens.HTML
    },
  }

  return {
    extensions: [htmlBlock, inlineTag],
    renderer: {
      // marked trims an HTML block's last newline; put it back, or its last word and the next block's first
      // one are glued together.
      html: ({ text, block }) => showDisallowedHtmlAsText(text, allowed) + (block ? '\n' : ''),
    },
  }
}
