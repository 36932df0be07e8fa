// mailauth's DMARC record parser, which its own evaluation uses; the package types only the entry points.
declare module 'mailauth/lib/dmarc/get-dmarc-record.js' {
  /** The tags of a DMARC record (names lower-cased, p/sp/np/adkim/aspf values lower-cased), and `rr`. */
  export function parseDmarcRecord(
    txt: string,
    opts?: { strict?: boolean; warnings?: Set<string> },
  ): (Record<string, string | number> & { rr: string }) | null
}
