import type { FeedChangeListener } from '../core/ports'

/** A listener that works in the background and can say when it is done (HubPinger, IndexNowPinger). */
interface Settles {
  idle(): Promise<void>
}

/** One listener that tells every given listener, in order; idle() waits for those that work in the background. */
export function listenAll(listeners: (FeedChangeListener | undefined)[]): FeedChangeListener & Settles {
  const present = listeners.filter((listener) => listener !== undefined)
  return {
    feedsChanged: async (topics, pages) => {
      await Promise.all(present.map((listener) => listener.feedsChanged(topics, pages)))
    },
    idle: async () => {
      await Promise.all(present.map((listener) => (listener as Partial<Settles>).idle?.()))
    },
  }
}
