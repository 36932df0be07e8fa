import { Resolver } from 'node:dns/promises'
import type { Resolve } from './check-email-dns'

/**
 * `resolve(name, type)` through the system's resolver, or through `server` ("host:port", or "host" for
 * port 53) when given: `npm run dns-check -- --server` and the tests' local DNS server.
 */
export function dnsResolve(server?: string): Resolve {
  // A few tries, short timeouts: an unreachable server should fail the command in seconds, not minutes.
  const resolver = new Resolver({ timeout: 3_000, tries: 2 })
  if (server !== undefined) resolver.setServers([server])
  return (name, type) => resolver.resolve(name, type as 'TXT')
}
