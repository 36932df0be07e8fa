import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import type { Answer } from './representation'
import { nodeHeaderReader } from './feed-fast-path'
import type { PressroomApp } from './app'

/**
 * The node:http adapter `npm start` serves the app with. Feed polls go straight from Node's parsed request
 * to the app's feed answerer and back to the socket: a poll is mostly a 304, and building a fetch Request
 * and Response around it costs more than the answer itself. Everything else, and any failure of the fast
 * path, goes through @hono/node-server to the very Hono app Lambda runs.
 */
export function nodeListener(app: PressroomApp): RequestListener {
  const viaHono = getRequestListener(app.fetch)
  return (incoming: IncomingMessage, outgoing: ServerResponse) => {
    let answer: Answer | Promise<Answer> | undefined
    try {
      answer = app.answerFeedPoll(incoming.method, incoming.url ?? '', nodeHeaderReader(incoming.headers))
    } catch {
      answer = undefined
    }
    if (answer === undefined) return viaHono(incoming, outgoing)
    if (!(answer instanceof Promise)) return send(outgoing, answer)
    answer.then(
      (ready) => send(outgoing, ready),
      () => viaHono(incoming, outgoing),
    )
  }
}

function send(outgoing: ServerResponse, { status, headers, body }: Answer): void {
  outgoing.writeHead(status, headers)
  // Node sends no body for HEAD by itself; the Content-Length of the GET stays, as HTTP allows.
  outgoing.end(body ?? undefined)
}
