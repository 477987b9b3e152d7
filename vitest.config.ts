import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A last resort: every wait in a test has its own, explicit deadline that says what it waited for.
    // These only end a test that hangs regardless, on a machine as loaded as CI's (npm run test:stress).
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // CDK synthesis and the emulators are CPU-heavy: two workers match the two cores here.
    maxWorkers: 2,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // The handlers' structured logs are for CloudWatch; a test that reads them sets its own level.
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      // Their metrics too (EMF lines on stdout); test/integration/handler-metrics.test.ts turns them on to read them.
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
  },
});
