import type { FeedChangeListener, PageSubmitter } from '../../core/ports'
import { BackgroundWork, postWithRetries, type RetryOptions } from '../http-retry'

export interface IndexNowOptions extends RetryOptions {
  /** The IndexNow key (config INDEXNOW_KEY); the site serves it at `/<key>.txt`. */
  key: string
  /** The site's base URL: its host is the one every submitted URL belongs to. */
  siteUrl: string
  /** @default https://api.indexnow.org/indexnow, which passes the URLs on to every participating engine */
  endpoint?: string
  log?: (entry: Record<string, unknown>) => void
}

// The protocol takes at most 10,000 URLs per request.
const MAX_URLS_PER_REQUEST = 10_000

/** The key file's URL, where IndexNow checks that whoever submits for the host controls it. */
export const indexNowKeyLocation = (siteUrl: string, key: string) => `${siteUrl}/${key}.txt`

/**
 * Tells IndexNow (Naver, Bing, Yandex and others through one endpoint) that pages were added, changed or
 * removed: a JSON POST of {host, key, keyLocation, urlList}. Same retries as the WebSub hubs
 * (postWithRetries): a 429 or 5xx is tried again, a 4xx (bad key, foreign host) is logged and dropped.
 */
export class IndexNowPinger implements FeedChangeListener, PageSubmitter {
  private readonly background = new BackgroundWork()
  private readonly endpoint: string
  private readonly host: string
  private readonly log: (entry: Record<string, unknown>) => void

  constructor(private readonly options: IndexNowOptions) {
    this.endpoint = options.endpoint ?? 'https://api.indexnow.org/indexnow'
    this.host = new URL(options.siteUrl).host
    this.log = options.log ?? ((entry) => console.log(JSON.stringify(entry)))
  }

  /** In the background (npm start): the editor's request never waits on a search engine. */
  feedsChanged(_topicUrls: string[], pageUrls: string[] = []): void {
    if (pageUrls.length > 0) this.background.start(this.submit(pageUrls))
  }

  /** Submits now, with retries; false when the endpoint stayed unreachable (the queue then tries again). */
  async submit(pageUrls: string[]): Promise<boolean> {
    const urls = [...new Set(pageUrls)]
    const batches: string[][] = []
    for (let i = 0; i < urls.length; i += MAX_URLS_PER_REQUEST) {
      batches.push(urls.slice(i, i + MAX_URLS_PER_REQUEST))
    }
    const results = await Promise.all(batches.map((urlList) => this.post(urlList)))
    return results.every(Boolean)
  }

  /** Resolves when every submission started so far has finished (for shutdown and tests). */
  idle(): Promise<void> {
    return this.background.idle()
  }

  private async post(urlList: string[]): Promise<boolean> {
    const { key, siteUrl } = this.options
    const outcome = await postWithRetries(
      this.endpoint,
      {
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({
          host: this.host,
          key,
          keyLocation: indexNowKeyLocation(siteUrl, key),
          urlList,
        }),
      },
      this.options,
    )
    if (outcome.kind === 'refused') {
      this.log({ level: 'warn', message: 'IndexNow refused the URLs', status: outcome.status, urlList })
    }
    if (outcome.kind === 'unreachable') {
      this.log({ level: 'error', message: 'IndexNow unreachable; gave up', urlList })
    }
    return outcome.kind !== 'unreachable'
  }
}
