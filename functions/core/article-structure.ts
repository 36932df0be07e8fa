import GithubSlugger from 'github-slugger'
import type { Token, Tokens } from 'marked'
import { lexMarkdown, tokensToPlainText } from './markdown'

/** A digest card shows at most this many takeaways; the article has the rest. */
export const MAX_TAKEAWAYS = 5
/** A heading that introduces an article's key takeaways ("핵심 요약", "Key takeaways", "Summary"). */
const TAKEAWAYS_HEADING = /핵심|요약|key takeaways|takeaways|summary/i

export interface ArticleSection {
  /** The heading as plain text, as written ("1. 수출: 반도체가 끌고 자동차가 민다"). */
  title: string
  /** A fragment id for it, as GitHub spells them ("1-수출-반도체가-끌고-자동차가-민다"); unique per article. */
  id: string
}

export interface ArticleStructure {
  /** The key takeaways as plain text, at most MAX_TAKEAWAYS; empty when the article has none. */
  takeaways: string[]
  /** The article's sections: its headings at the top level it uses, the takeaways heading left out. */
  sections: ArticleSection[]
}

/**
 * What an article is made of, read from marked's tokens of its Markdown (not from its HTML).
 * Takeaways are the items of the first list after a heading that says so, within that heading's section
 * (a heading at the same level or above ends it), nested lists left out.
 */
export function articleStructure(markdown: string): ArticleStructure {
  const tokens = lexMarkdown(markdown)
  const headings = tokens.filter((token): token is Tokens.Heading => token.type === 'heading')
  const titleOf = (heading: Tokens.Heading) => tokensToPlainText([heading])
  const isTakeawaysHeading = (heading: Tokens.Heading) => TAKEAWAYS_HEADING.test(titleOf(heading))

  const topLevel = Math.min(...headings.map((heading) => heading.depth))
  const slugger = new GithubSlugger()
  const sections = headings
    .filter((heading) => heading.depth === topLevel && !isTakeawaysHeading(heading))
    .map((heading) => {
      const title = titleOf(heading)
      return { title, id: slugger.slug(title) }
    })
  return { takeaways: takeawaysIn(tokens, isTakeawaysHeading), sections }
}

function takeawaysIn(tokens: Token[], isTakeawaysHeading: (heading: Tokens.Heading) => boolean): string[] {
  let sectionDepth: number | undefined // the depth of the takeaways heading we are under, if any
  for (const token of tokens) {
    if (token.type === 'heading') {
      const heading = token as Tokens.Heading
      if (isTakeawaysHeading(heading)) sectionDepth = heading.depth
      else if (sectionDepth !== undefined && heading.depth <= sectionDepth) sectionDepth = undefined
    } else if (token.type === 'list' && sectionDepth !== undefined) {
      return (token as Tokens.List).items
        .map((item) => tokensToPlainText(item.tokens.filter((child) => child.type !== 'list')))
        .filter((item) => item !== '')
        .slice(0, MAX_TAKEAWAYS)
    }
  }
  return []
}
