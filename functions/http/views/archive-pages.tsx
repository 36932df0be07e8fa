import type { MonthCount, TagCount } from '../../core/navigation'
import type { PublishedEntry } from '../../core/ports'
import { publicationUrls, type Publication } from '../../core/publication'
import { formatDate, formatMonth } from './format-date'
import { Layout } from './layout'
import { PAGE_STRINGS, pageLang } from './page-strings'

/** The web archive: every month that holds an article, newest first, with how many. */
export function ArchivePage({ publication, months }: { publication: Publication; months: MonthCount[] }) {
  const lang = pageLang(publication.lang)
  const t = PAGE_STRINGS[lang]
  const urls = publicationUrls(publication)
  return (
    <Layout
      publication={publication}
      title={`${t.archiveHeading} · ${publication.title}`}
      lang={lang}
      description={t.archiveIntro}
      canonical={urls.archive()}
    >
      <h1>{t.archiveHeading}</h1>
      <p class="dek">{t.archiveIntro}</p>
      {months.length === 0 ? <p>{t.nothingYet}</p> : null}
      <ul class="archive">
        {months.map(({ month, count }) => (
          <li>
            <a href={urls.archive(month)}>{formatMonth(month, lang)}</a>{' '}
            <span class="meta count">{t.articleCount(count)}</span>
          </li>
        ))}
      </ul>
    </Layout>
  )
}

/** One month of the archive: its articles, newest first, with their dates. */
export function ArchiveMonthPage({
  publication,
  month,
  entries,
}: {
  publication: Publication
  month: string
  entries: PublishedEntry[]
}) {
  const lang = pageLang(publication.lang)
  const t = PAGE_STRINGS[lang]
  const urls = publicationUrls(publication)
  const heading = formatMonth(month, lang)
  return (
    <Layout
      publication={publication}
      title={`${heading} · ${t.archiveHeading} · ${publication.title}`}
      lang={lang}
      canonical={urls.archive(month)}
    >
      <p class="meta">
        <a href={urls.archive()}>{t.archiveHeading}</a>
      </p>
      <h1>{heading}</h1>
      <p class="meta">{t.articleCount(entries.length)}</p>
      <ol class="archive-month">
        {entries.map((entry) => (
          <li>
            <a href={urls.article(entry.slug)}>{entry.title}</a>{' '}
            <time class="meta" datetime={entry.publishedAt}>
              {formatDate(entry.publishedAt, lang, publication.timeZone)}
            </time>
          </li>
        ))}
      </ol>
    </Layout>
  )
}

/** The tag index: every tag on a published article, most used first, with how many. */
export function TagIndexPage({ publication, tags }: { publication: Publication; tags: TagCount[] }) {
  const lang = pageLang(publication.lang)
  const t = PAGE_STRINGS[lang]
  const urls = publicationUrls(publication)
  return (
    <Layout
      publication={publication}
      title={`${t.tagsHeading} · ${publication.title}`}
      lang={lang}
      description={t.tagsIntro}
      canonical={urls.tagIndex}
    >
      <h1>{t.tagsHeading}</h1>
      <p class="dek">{t.tagsIntro}</p>
      {tags.length === 0 ? <p>{t.nothingYet}</p> : null}
      <ul class="tag-index">
        {tags.map(({ tag, count }) => (
          <li>
            <a href={urls.tag(tag)}>#{tag}</a> <span class="meta count">{t.articleCount(count)}</span>
            {publication.tagDescriptions?.[tag] ? (
              <p class="meta">{publication.tagDescriptions[tag]}</p>
            ) : null}
          </li>
        ))}
      </ul>
    </Layout>
  )
}
