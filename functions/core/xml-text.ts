// Characters XML 1.0 cannot carry at all: C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF.
// A feed with one of them is not well-formed and readers drop the whole document, so they go at write time.
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * Removes what XML cannot represent, ends lines with LF (XML parsers turn a bare CR into LF anyway, so a CR
 * would not survive a round trip) and puts text in NFC, so the same words always compare equal.
 */
export function cleanText(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/\r\n?/g, '\n').normalize('NFC')
}

/** cleanText for one-line fields (titles, names, tags): every run of whitespace becomes one space. */
export function cleanLine(text: string): string {
  return cleanText(text).replace(/\s+/g, ' ').trim()
}
