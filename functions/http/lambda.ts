import { handle } from 'hono/aws-lambda'
import { loadConfig } from '../config'
import { getDeps } from '../deps'
import { createApp } from './app'

// Built once per cold start; every invocation reuses the app, its clients and its feed cache.
export const handler = handle(createApp(await getDeps(loadConfig())))
