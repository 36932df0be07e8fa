import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeBase64Body, wrapBase64 } from '../../functions/adapters/ses/base64-body'
import { contentText, type FilledText } from '../../functions/core/filled-text'

/** What any MIME decoder does: drop the line breaks, decode the rest. */
function decode(body: Buffer): string {
  return Buffer.from(body.toString('latin1').replace(/\r\n/g, ''), 'base64').toString('utf8')
}

/** RFC 2045 §6.8: base64 alphabet only, lines of at most 76 characters, padding only at the very end. */
function expectWellFormed(body: Buffer): void {
  const encoded = body.toString('latin1')
  if (encoded === '') return
  expect(encoded).not.toMatch(/\r\n\r\n|^\r\n|\r\n$/)
  for (const line of encoded.split('\r\n')) {
    expect(line.length).toBeGreaterThan(0)
    expect(line.length).toBeLessThanOrEqual(76)
    expect(line).toMatch(/^[A-Za-z0-9+/]*={0,2}$/)
  }
  expect(encoded.replace(/\r\n/g, '').replace(/=+$/, '')).not.toContain('=')
}

// Long runs of mixed ASCII and Korean: parts long enough to be encoded once, short ones that are not.
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc
    .array(fc.constantFrom('<td style="color:#222">', '한국 경제는 반도체 ', 'ab', '\n', 'é', '😀'), {
      maxLength: 80,
    })
    .map((pieces) => pieces.join('')),
)

describe('base64 bodies', () => {
  it('wraps plain strings in 76-character lines that decode to the string', () => {
    const korean = '한국 경제는 2027년에 반도체 수출 회복으로 성장률이 높아질 전망이다.\n'.repeat(40)
    const body = encodeBase64Body(korean)
    expectWellFormed(body)
    expect(body.toString('latin1').split('\r\n')[0]).toHaveLength(76)
    expect(decode(body)).toBe(korean)
    expect(encodeBase64Body('')).toHaveLength(0)
    expect(wrapBase64(Buffer.from('abc')).toString()).toBe('YWJj')
  })

  it('decodes any filled text to its joined string, with well-formed lines', () => {
    fc.assert(
      fc.property(
        fc.array(text, { minLength: 1, maxLength: 6 }),
        fc.array(fc.array(text, { maxLength: 6 }), { minLength: 1, maxLength: 4 }),
        (parts, valueSets) => {
          // The same parts array for every recipient, as the sender passes it: the cached encodings are
          // reused across value sets whose lengths leave different alignments.
          for (const set of valueSets) {
            const values = parts.slice(1).map((_, index) => set[index % Math.max(set.length, 1)] ?? '')
            const filled: FilledText = { parts, values }
            const body = encodeBase64Body(filled)
            expectWellFormed(body)
            expect(decode(body)).toBe(contentText(filled))
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('encodes a long shared part once and reuses it for every value length', () => {
    const parts = ['<p>안녕하세요 '.repeat(50), '</p><a href="', '">unsubscribe</a>'.repeat(20)]
    for (const name of ['', 'A', 'AB', '김민준', 'Ann Lee']) {
      const filled = { parts, values: [name, `https://example.com/u?t=${name.length}`] }
      const body = encodeBase64Body(filled)
      expectWellFormed(body)
      expect(decode(body)).toBe(contentText(filled))
    }
  })

  it('refuses a filled text whose parts and values do not interleave', () => {
    expect(() => encodeBase64Body({ parts: ['a', 'b'], values: [] })).toThrow(/one more part than values/)
  })
})
