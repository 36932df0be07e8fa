import dns2, { type Resource } from 'dns2'

const { Packet } = dns2

// dns2 encodes plain records (its README's way); its types ask for a method the encoder never calls.
const record = (fields: Omit<Resource, 'toBuffer'>) => fields as Resource

/** The records of one name: TXT strings (split into 255-octet character-strings on the wire), MX, CNAME. */
export interface ZoneName {
  TXT?: string[]
  MX?: { exchange: string; priority: number }[]
  CNAME?: string
}
export type Zone = Record<string, ZoneName>

/** A TXT value as DNS carries it: character-strings of at most 255 octets (RFC 1035 3.3.14). */
const characterStrings = (value: string) =>
  Array.from({ length: Math.ceil(value.length / 255) || 1 }, (_, i) => value.slice(i * 255, (i + 1) * 255))

/**
 * An authoritative DNS server on 127.0.0.1 (a free UDP port) answering from `zone`: NXDOMAIN for a name it
 * does not hold, an empty NOERROR (NODATA) for a type the name lacks, the CNAME for any type of an alias,
 * like any resolver's answer. The same server the `--server` flag of `npm run dns-check` is pointed at.
 */
export async function startDnsServer(zone: Zone): Promise<{ address: string; close: () => Promise<void> }> {
  const names = new Map(Object.entries(zone).map(([name, records]) => [name.toLowerCase(), records]))
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request)
      const [question] = request.questions
      const records = question === undefined ? undefined : names.get(question.name.toLowerCase())
      if (question === undefined || records === undefined) {
        response.header.rcode = Packet.RCODE.NXDOMAIN
        return send(response)
      }
      const base = { name: question.name, class: Packet.CLASS.IN, ttl: 60 }
      if (records.CNAME !== undefined) {
        response.answers.push(record({ ...base, type: Packet.TYPE.CNAME, domain: records.CNAME }))
      } else if (question.type === Packet.TYPE.TXT) {
        for (const value of records.TXT ?? []) {
          response.answers.push(record({ ...base, type: Packet.TYPE.TXT, data: characterStrings(value) }))
        }
      } else if (question.type === Packet.TYPE.MX) {
        for (const mx of records.MX ?? [])
          response.answers.push(record({ ...base, type: Packet.TYPE.MX, ...mx }))
      }
      send(response)
    },
  })
  const addresses = await server.listen({ udp: { port: 0, address: '127.0.0.1' } })
  return { address: `127.0.0.1:${addresses.udp!.port}`, close: () => server.close() }
}
