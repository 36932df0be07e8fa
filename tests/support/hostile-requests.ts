import fc from 'fast-check'
import { audienceOf, BODY_LIMITS } from '../../functions/http/body-limits'

/**
 * Hostile requests for any route of the app, generated from its method and path pattern alone, so a new
 * route is covered without a line here. A route with an entry in `ExampleInputs` (valid parameters, query
 * and body) also gets every field of its body broken one at a time; each request changes one thing from
 * the valid example, so a 422 must name that thing (`blame`).
 */

export interface Endpoint {
  method: string
  path: string
}

export interface HostileRequest {
  /** What was made hostile, for failure messages. */
  label: string
  method: string
  path: string
  headers: Record<string, string>
  body?: string | Uint8Array
  /** The field a 422 must name, when one field was made wrong. */
  blame?: string
  /** A write aimed at a hostile path parameter: it must not succeed. */
  hostileWriteTarget?: boolean
  /** The one right answer, where there is one (a body over the limit is a 413). */
  expectStatus?: number
}

type FormBody = { form: Record<string, string> }
type JsonBody = { json: Record<string, unknown> }
type TextBody = { text: string; type: string }

/** What a route takes when all is well: parameters by name, a query, a body (JSON, form or text). */
export interface ExampleInput {
  params?: Record<string, string>
  query?: Record<string, string>
  body?: JsonBody | FormBody | TextBody
}

/** Examples by "METHOD /pattern" (or by pattern for every method); a route with none still gets generic requests. */
export type ExampleInputs = Record<string, ExampleInput>

const PARAM = /:(\w+)(\{[^}]*\})?/g

export function paramNames(pattern: string): string[] {
  return [...pattern.matchAll(PARAM)].map((match) => match[1]!)
}

/** Percent-encodes a string, lone surrogates included (as the 3-byte sequences a broken encoder writes). */
export function encodeSegment(value: string): string {
  let out = ''
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i)
    const pair = unit >= 0xd800 && unit <= 0xdbff && /[\udc00-\udfff]/.test(value[i + 1] ?? '')
    if (pair) {
      out += encodeURIComponent(value.slice(i, i + 2))
      i++
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      const bytes = [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
      out += bytes.map((byte) => `%${byte.toString(16).toUpperCase()}`).join('')
    } else {
      out += encodeURIComponent(value[i]!)
    }
  }
  return out
}

const raw = (label: string, value: string) => ({ label, segment: encodeSegment(value) })
const encoded = (label: string, segment: string) => ({ label, segment })

/** Path parameter values: as sent on the wire (already percent-encoded). */
export const HOSTILE_SEGMENTS: { label: string; segment: string }[] = [
  raw('2,100 characters', 'a'.repeat(2_100)),
  raw('3,000 characters', 'b'.repeat(3_000)),
  raw('1,100 Hangul syllables (3,300 bytes)', '경'.repeat(1_100)),
  raw('1,010 characters (a sort key too long)', 'c'.repeat(1_010)),
  encoded('an encoded space', 'a%20b'),
  encoded('encoded markup', '%3Cscript%3E'),
  encoded('an encoded traversal', '..%2F..%2Fx'),
  encoded('encoded dots', '%2E%2E'),
  encoded('an encoded NUL', 'a%00b'),
  raw('control characters', 'a\u0001\u001f\u007fb'),
  raw('bidi controls', 'a\u202eb\u2066c\u200f'),
  raw('a lone surrogate', 'a\ud800b'),
  encoded('bytes that are not UTF-8', '%FF%FEx'),
  encoded('a broken escape', '%E0%A4%A'),
  raw('upper case', 'UPPER-Case'),
  raw('__proto__', '__proto__'),
  raw('an emoji', '\u{1f4a9}'),
  encoded('empty', ''),
  // A few more, drawn by fast-check from all of Unicode (surrogate halves included), with a fixed seed.
  ...fc
    .sample(fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }), { seed: 11, numRuns: 4 })
    .map((value, i) => raw(`generated string ${i + 1}`, value)),
]

const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url')

/** Query parameters the API reads somewhere, each with values no listing returned or accepts. */
export const HOSTILE_QUERIES: { label: string; query: string; blame?: string }[] = [
  {
    label: 'a crafted cursor',
    query: `cursor=${cursorOf({ PK: 'ARTICLE#x', SK: 'ARTICLE' })}`,
    blame: 'cursor',
  },
  { label: 'a cursor that is not base64url JSON', query: 'cursor=%25%25not-a-cursor', blame: 'cursor' },
  { label: 'a 20,000-character cursor', query: `cursor=${'A'.repeat(20_000)}`, blame: 'cursor' },
  { label: 'a negative limit', query: 'limit=-1', blame: 'limit' },
  { label: 'a huge limit', query: 'limit=99999999999999999999999', blame: 'limit' },
  { label: 'limit NaN', query: 'limit=NaN', blame: 'limit' },
  { label: 'a fractional limit', query: 'limit=1.5', blame: 'limit' },
  { label: 'a repeated limit', query: 'limit=1&limit=1000' },
  { label: 'an unknown state', query: 'state=__proto__', blame: 'state' },
  { label: 'a 300-character search', query: `q=${'x'.repeat(300)}`, blame: 'q' },
  { label: 'dryRun that is neither true nor false', query: 'dryRun=maybe', blame: 'dryRun' },
  { label: 'a garbage token', query: `token=${'x'.repeat(3_000)}` },
  { label: '__proto__ in the query', query: '__proto__[admin]=1&constructor[prototype][admin]=1' },
]

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function exampleFor(examples: ExampleInputs, { method, path }: Endpoint): ExampleInput {
  return examples[`${method} ${path}`] ?? examples[path] ?? {}
}

function fillPath(pattern: string, params: Record<string, string>): string {
  return pattern.replace(PARAM, (_match, name: string) => params[name] ?? 'x').replace(/\*/g, 'x')
}

function withQuery(path: string, query: Record<string, string> | undefined, extra?: string): string {
  const parts = [new URLSearchParams(query ?? {}).toString(), extra ?? ''].filter((part) => part !== '')
  return parts.length === 0 ? path : `${path}?${parts.join('&')}`
}

const formEncode = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const JSON_TYPE = 'application/json'
const FORM_TYPE = 'application/x-www-form-urlencoded'

function limitFor(path: string): number {
  return BODY_LIMITS[audienceOf(path)].bytes
}

interface BodyVariant {
  label: string
  type: string
  body: string | Uint8Array
  blame?: string
  expectStatus?: number
}

/** Wrong values for a JSON field: another type, null, a nested object, a string far too long. */
const wrongJsonValues = (value: unknown): [string, unknown][] => [
  ['null', null],
  [typeof value === 'string' ? 'a number' : 'a string', typeof value === 'string' ? 12_345 : 'x'],
  ['an object', { $gt: '' }],
  [Array.isArray(value) ? 'an array of objects' : 'an array', Array.isArray(value) ? [{}, []] : [value]],
  ['10,000 characters', 'x'.repeat(10_000)],
]

function bodyVariants(example: ExampleInput, path: string): BodyVariant[] {
  const limit = limitFor(path)
  const depth = Math.min(50_000, Math.floor(limit / 2) - 64)
  const deep = `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`
  const generic: BodyVariant[] = [
    { label: 'malformed JSON', type: JSON_TYPE, body: '{"a": ', blame: '(body)' },
    { label: 'an empty JSON body', type: JSON_TYPE, body: '' },
    { label: 'JSON null', type: JSON_TYPE, body: 'null' },
    { label: 'a JSON array', type: JSON_TYPE, body: '[1,2,3]' },
    { label: 'a JSON string', type: JSON_TYPE, body: '"text"' },
    { label: 'JSON nested 1 level per 2 bytes', type: JSON_TYPE, body: deep },
    { label: 'bytes that are not UTF-8', type: JSON_TYPE, body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) },
    { label: 'an unknown content type', type: 'application/x-unknown', body: 'x' },
    {
      label: 'a body one byte over the limit',
      type: JSON_TYPE,
      body: `"${'x'.repeat(limit - 1)}"`,
      expectStatus: 413,
    },
  ]
  const given = example.body
  if (given === undefined) return [...generic, { label: 'an empty form', type: FORM_TYPE, body: '' }]
  if ('text' in given) {
    return [
      ...generic,
      { label: 'the text with a JSON content type', type: JSON_TYPE, body: given.text },
      { label: 'text that is not UTF-8', type: given.type, body: new Uint8Array([0xff, 0xfe, 0x0a]) },
      { label: 'a body of only a byte order mark', type: given.type, body: '\ufeff' },
    ]
  }
  if ('json' in given) {
    const fields = given.json
    const json = (value: unknown) => JSON.stringify(value)
    const body = json(fields)
    return [
      ...generic,
      { label: 'the example form-encoded', type: FORM_TYPE, body: formEncode(stringFields(fields)) },
      { label: 'the example as text/plain', type: 'text/plain', body },
      {
        label: '__proto__ and constructor keys',
        type: JSON_TYPE,
        body: `{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}},${body.slice(1)}`,
      },
      { label: 'an unknown field', type: JSON_TYPE, body: json({ ...fields, unknownField: 'x' }) },
      ...Object.keys(fields).flatMap((name): BodyVariant[] => {
        const without = { ...fields }
        delete without[name]
        return [
          { label: `${name} missing`, type: JSON_TYPE, body: json(without), blame: name },
          ...wrongJsonValues(fields[name]).map(([what, value]) => ({
            label: `${name} as ${what}`,
            type: JSON_TYPE,
            body: json({ ...fields, [name]: value }),
            blame: name,
          })),
        ]
      }),
    ]
  }
  const fields = given.form
  return [
    ...generic,
    { label: 'the example as JSON', type: JSON_TYPE, body: JSON.stringify(fields) },
    { label: 'a form that is not URL-encoded', type: FORM_TYPE, body: '%%%&&&==' },
    { label: '__proto__ fields', type: FORM_TYPE, body: `__proto__=x&constructor=y&${formEncode(fields)}` },
    { label: 'an unknown field', type: FORM_TYPE, body: formEncode({ ...fields, unknownField: 'x' }) },
    ...Object.keys(fields).flatMap((name): BodyVariant[] => {
      const without = { ...fields }
      delete without[name]
      return [
        { label: `${name} missing`, type: FORM_TYPE, body: formEncode(without), blame: name },
        {
          label: `${name} twice`,
          type: FORM_TYPE,
          body: `${formEncode(fields)}&${formEncode({ [name]: 'second' })}`,
          blame: name,
        },
        {
          label: `${name} of 5,000 characters`,
          type: FORM_TYPE,
          body: formEncode({ ...fields, [name]: 'x'.repeat(5_000) }),
          blame: name,
        },
        {
          label: `${name} with control and bidi characters`,
          type: FORM_TYPE,
          body: formEncode({ ...fields, [name]: 'a\u0000\u202e\ud800b' }),
          blame: name,
        },
      ]
    }),
  ]
}

const stringFields = (fields: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, String(value)]))

function exampleBody(example: ExampleInput): { type: string; body: string } | undefined {
  const given = example.body
  if (given === undefined) return undefined
  if ('text' in given) return { type: given.type, body: given.text }
  if ('json' in given) return { type: JSON_TYPE, body: JSON.stringify(given.json) }
  return { type: FORM_TYPE, body: formEncode(given.form) }
}

/**
 * Every hostile request for one route: each path parameter replaced by each hostile segment, each hostile
 * query, each hostile body (routes that take one), with `authorization` when given. Without it, the valid
 * example and a sample of the rest (an /api route answers 401 before it reads anything).
 */
export function hostileRequests(
  endpoint: Endpoint,
  examples: ExampleInputs,
  authorization: string,
): HostileRequest[] {
  const example = exampleFor(examples, endpoint)
  const params = Object.fromEntries(
    paramNames(endpoint.path).map((name) => [name, example.params?.[name] ?? 'x']),
  )
  const validPath = fillPath(endpoint.path, params)
  const validBody = exampleBody(example)
  const takesBody = WRITE_METHODS.has(endpoint.method) && endpoint.method !== 'DELETE'
  const bodyHeaders = (type: string | undefined) =>
    type === undefined ? {} : ({ 'content-type': type } as Record<string, string>)
  const base = (label: string, path: string, extra: Partial<HostileRequest> = {}): HostileRequest => ({
    label,
    method: endpoint.method,
    path,
    headers: bodyHeaders(validBody?.type),
    ...(validBody !== undefined && takesBody && { body: validBody.body }),
    ...extra,
  })

  const requests: HostileRequest[] = [base('the valid example', withQuery(validPath, example.query))]
  for (const name of paramNames(endpoint.path)) {
    for (const { label, segment } of HOSTILE_SEGMENTS) {
      const path = fillPath(endpoint.path, { ...params, [name]: segment })
      requests.push(
        base(`${name}: ${label}`, withQuery(path, example.query), {
          blame: name,
          ...(WRITE_METHODS.has(endpoint.method) && { hostileWriteTarget: true }),
        }),
      )
    }
  }
  for (const { label, query, blame } of HOSTILE_QUERIES) {
    requests.push(base(`query: ${label}`, withQuery(validPath, example.query, query), blame ? { blame } : {}))
  }
  if (takesBody) {
    for (const variant of bodyVariants(example, endpoint.path)) {
      requests.push(
        base(`body: ${variant.label}`, withQuery(validPath, example.query), {
          headers: { 'content-type': variant.type },
          body: variant.body,
          ...(variant.blame !== undefined && { blame: variant.blame }),
          ...(variant.expectStatus !== undefined && { expectStatus: variant.expectStatus }),
        }),
      )
    }
  }
  // Without the token: all of them would be a 401 before anything is read under /api, so a sample
  // (every fifth) is enough; with it, everything.
  const anonymous = requests
    .filter((_, i) => i % 5 === 0)
    .map((request) => ({ ...request, label: `${request.label} (no token)` }))
  const withToken = requests.map((request) => ({
    ...request,
    headers: { ...request.headers, authorization },
  }))
  return [...withToken, ...anonymous]
}
