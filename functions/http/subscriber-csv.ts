import type { Context } from 'hono'
import { ValidationError } from '../core/errors'
import type { Clock, SubscriberStore } from '../core/ports'
import { EXPORT_PAGE_SIZE, exportSubscriberCsv } from '../core/subscriber-export'

/** The subscriber export as a download, streamed page by page; the admin API and the desk answer with it. */
export async function subscriberCsvDownload(
  c: Context,
  deps: { subscribers: SubscriberStore; clock: Clock },
): Promise<Response> {
  // The first page is read before answering, so a store that is down is a clean 500, not an empty file.
  const first = await deps.subscribers.list({ limit: EXPORT_PAGE_SIZE })
  const date = deps.clock.now().toISOString().slice(0, 10)
  return c.body(toByteStream(exportSubscriberCsv(deps.subscribers, first)), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="subscribers-${date}.csv"`,
  })
}

/** A CSV file's bytes as text; anything but UTF-8 is refused, naming the fix. */
export function decodeCsv(bytes: ArrayBuffer | Uint8Array, field = '(body)'): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new ValidationError([
      { field, problem: 'is not UTF-8 text; save the file as "CSV UTF-8" and send it again' },
    ])
  }
}

/**
 * Pulls one chunk per read, so the store is only asked for the next page when the client is ready for it.
 * A failure half-way errors the stream (the client sees a broken download) instead of ending it cleanly,
 * which would pass a truncated file off as a whole one; Hono's stream() helper would close it normally.
 */
function toByteStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  return new ReadableStream({
    async pull(controller) {
      try {
        const { done, value } = await chunks.next()
        if (done) controller.close()
        else controller.enqueue(encoder.encode(value))
      } catch (error) {
        console.error(
          JSON.stringify({ level: 'error', message: 'subscriber export failed', error: String(error) }),
        )
        controller.error(error)
      }
    },
    async cancel() {
      await chunks.return(undefined)
    },
  })
}
