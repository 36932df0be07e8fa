import { domainToASCII } from 'node:url'
import { parseSender } from './mime'

/**
 * The domain of a From such as "Pressroom <news@example.com>", parsed the way the mailer parses MAIL_FROM,
 * lower-case and in the ASCII (punycode) form SES identities use; undefined when there is no usable address.
 */
export function fromDomainOf(from: string): string | undefined {
  try {
    return asciiDomain(parseSender(from).domain)
  } catch {
    return undefined
  }
}

/** A domain name lower-case and in punycode ("한국.KR" -> "xn--3e0b707e.kr"); undefined when not a name. */
export function asciiDomain(domain: string): string | undefined {
  return domainToASCII(domain.trim()) || undefined
}

/**
 * Why a From domain would not align with the SES identity that signs it, or undefined when it does. SES's
 * Easy DKIM signs with the verified domain (d=), and SES sends only from that domain or its subdomains;
 * DMARC's relaxed alignment accepts both. Any other From domain fails DMARC at Gmail, Yahoo and Naver.
 * Both names as fromDomainOf() gives them.
 */
export function alignmentProblem(fromDomain: string, signingDomain: string): string | undefined {
  if (fromDomain === signingDomain || fromDomain.endsWith(`.${signingDomain}`)) return undefined
  return (
    `the From domain ${fromDomain} is neither the verified sender domain ${signingDomain} nor a subdomain ` +
    'of it, so SES could not send it, or DKIM would not align with it under DMARC'
  )
}
