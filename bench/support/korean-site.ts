/**
 * The app as `npm start` serves it for a Korean publication: in-memory dynalite, the real app on node:http
 * (127.0.0.1, a free port) and the bundled Korean example published through the admin API. The Lighthouse
 * scenario and the page trace load its pages.
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureTable } from '../../functions/adapters/dynamodb/ensure-table'
import { createDynamoClients } from '../../functions/clients'
import { loadConfig } from '../../functions/config'
import { createApp } from '../../functions/http/app'
import { buildHttpDeps } from '../../functions/http/deps'
import { nodeListener } from '../../functions/http/node-listener'
import { startDynalite } from '../../infra/local/emulators'

const ADMIN_TOKEN = 'bench-admin-token-0123456789'
const EXAMPLE = join(dirname(fileURLToPath(import.meta.url)), '../../examples/korean-economy-2027.md')

/** The app as `npm start` serves it, on a free port, with the Korean example published. */
export async function startKoreanSite(table: string) {
  const dynamo = await startDynalite({ port: 0, host: '127.0.0.1' })
  // The port first: the site's URL (canonical links, feeds) must be the address Lighthouse loads.
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const siteUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const { client } = createDynamoClients({ region: 'us-east-1', endpoint: dynamo.url })
  await ensureTable(client, table)
  const config = loadConfig({
    TABLE_NAME: table,
    AWS_REGION: 'us-east-1',
    DYNAMODB_ENDPOINT: dynamo.url,
    SITE_URL: siteUrl,
    ADMIN_TOKEN,
    TOKEN_SECRET: 'bench-token-secret-0123456789abcdefghijklmnop',
    PUBLICATION_LANG: 'ko',
    PUBLICATION_TITLE: '프레스룸',
    PUBLICATION_DESCRIPTION: '한국 경제와 산업을 깊이 읽는 분석',
    POSTAL_ADDRESS: '서울특별시 중구 세종대로 110',
  })
  const app = createApp(await buildHttpDeps(config))
  server.on('request', nodeListener(app))
  const markdown = readFileSync(EXAMPLE, 'utf8').replace(/^---\n/, '---\nstatus: published\n')
  const res = await app.request('/api/articles', {
    method: 'POST',
    body: markdown,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/markdown; charset=utf-8' },
  })
  if (res.status !== 201)
    throw new Error(`publishing the example answered ${res.status}: ${await res.text()}`)
  const { slug } = (await res.json()) as { slug: string }
  const stop = async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await dynamo.close()
  }
  return { siteUrl, slug, stop }
}
