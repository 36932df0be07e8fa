import type { FeedChangeListener } from '../core/ports'

/** One listener that tells every given listener, in order. */
export function listenAll(listeners: (FeedChangeListener | undefined)[]): FeedChangeListener {
  const present = listeners.filter((listener) => listener !== undefined)
  return {
    feedsChanged: async (topics, pages) => {
      await Promise.all(present.map((listener) => listener.feedsChanged(topics, pages)))
    },
  }
}
