import { App, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { PressroomStack } from './pressroom-stack'
import { CONTEXT_KEYS, parseStackConfig, StackConfigError, type StackConfig } from './stack-config'

const app = new App()
// cdk-nag's AWS Solutions rules run at every synth and deploy: an unacknowledged finding fails it, naming
// the rule and the resource. Accepted findings, each with its reason, are in nag-suppressions.ts.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app))

function readConfig(): StackConfig {
  try {
    return parseStackConfig(Object.fromEntries(CONTEXT_KEYS.map((key) => [key, app.node.tryGetContext(key)])))
  } catch (error) {
    if (!(error instanceof StackConfigError)) throw error
    console.error(error.message)
    process.exit(1)
  }
}

// No `env`: the stack stays environment-agnostic, so synth needs no credentials and deploy targets
// whatever account and region the caller's AWS profile points at.
new PressroomStack(app, 'Pressroom', {
  description: 'Pressroom: RSS/Atom/JSON feeds and newsletter publisher',
  config: readConfig(),
})
