import { symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * What NodejsFunction leaves out of every bundle on Node.js 22 with cdk.json's sdkV3ExcludeSmithyPackages
 * flag: the SDK v3 that the Lambda runtime provides (app-function.ts sdkExternals).
 */
export const SDK_EXTERNALS = ['@aws-sdk/*', '@smithy/*']

/**
 * Bundles a Lambda entry (relative to the repository root) as PressroomFunction
 * (infra/constructs/app-function.ts) has CDK bundle it: esbuild, ESM, platform node, target node22, minified,
 * with a source map, CDK's createRequire banner and mainFields module,main. Writes `outfile` (CDK names it
 * index.mjs) and returns esbuild's result, with its metafile.
 */
export async function bundleLambda(entry: string, externals: string[], outfile: string) {
  const esbuild = await import('esbuild')
  return esbuild.build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    sourcemap: true,
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
    },
    external: externals,
    outfile,
    metafile: true,
    logLevel: 'silent',
  })
}

/**
 * Links the repository's node_modules into `dir`, so that a bundle there finds its externals: on Lambda the
 * runtime provides @aws-sdk/* and @smithy/*, here the repository's own copies do.
 */
export function linkNodeModules(dir: string): void {
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
}
