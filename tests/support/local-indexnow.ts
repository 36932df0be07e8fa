import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'

export interface Submission {
  contentType: string | undefined
  body: { host?: string; key?: string; keyLocation?: string; urlList?: string[] }
}

/** A real IndexNow endpoint on loopback: counts the POSTs, answers as each test says. */
export class LocalIndexNow {
  readonly received: Submission[] = []
  respond: (res: ServerResponse, count: number) => void = (res) => res.writeHead(200).end()
  private server?: Server
  private waiters: { count: number; resolve: () => void }[] = []
  url = ''

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        if (req.method === 'POST') {
          this.received.push({ contentType: req.headers['content-type'], body: JSON.parse(body) })
        }
        this.respond(res, this.received.length)
        this.waiters = this.waiters.filter((waiter) => {
          if (this.received.length < waiter.count) return true
          waiter.resolve()
          return false
        })
      })
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server!.address() as { port: number }).port}/indexnow`
  }

  /** Resolves once `count` submissions have arrived. */
  whenReceived(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push({ count, resolve }))
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise((resolve) => this.server?.close(resolve))
  }
}
