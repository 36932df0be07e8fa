import type { Server } from 'node:http'
import { createServer } from 'node:net'
import dynalite from 'dynalite'
import sesModule from 'aws-ses-v2-local'

export interface RunningServer {
  url: string
  close(): Promise<void>
}

/** Thrown when a port is taken, so the launcher can say so in one line. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly host: string,
    readonly variable: string,
  ) {
    super(
      `Port ${port} on ${host} is already in use; stop whatever holds it or set ${variable} to another port.`,
    )
  }
}

/** Fails fast with PortInUseError instead of half-starting the stack. Port 0 means "any free port". */
export async function assertPortFree(port: number, host: string, variable: string): Promise<void> {
  if (port === 0) return
  await new Promise<void>((resolve, reject) => {
    const probe = createServer()
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new PortInUseError(port, host, variable)
          : error,
      ),
    )
    probe.listen(port, host, () => probe.close(() => resolve()))
  })
}

/**
 * dynalite, a DynamoDB-compatible server. With `path` it persists in LevelDB files there (a restart keeps
 * every item); without, it keeps everything in memory, which is what the tests want.
 */
export async function startDynalite(options: {
  port: number
  host: string
  path?: string
}): Promise<RunningServer> {
  const server = dynalite({
    ...(options.path !== undefined && { path: options.path }),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  }) as Server
  const port = await listen(server, options.port, options.host)
  return { url: `http://${options.host}:${port}`, close: () => closeServer(server) }
}

/** aws-ses-v2-local: accepts SES API calls and shows every message on its web page. */
export async function startSesEmulator(options: { port: number; host: string }): Promise<RunningServer> {
  const start = ((sesModule as unknown as { default?: typeof sesModule }).default ?? sesModule) as (config: {
    host: string
    port: number
  }) => Promise<Server>
  const server = await start({ host: options.host, port: options.port })
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : options.port
  return { url: `http://${options.host}:${port}`, close: () => closeServer(server) }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      const address = server.address()
      resolve(typeof address === 'object' && address !== null ? address.port : port)
    })
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections?.()
  })
}
