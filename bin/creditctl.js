#!/usr/bin/env -S node --disable-warning=DEP0066
// The package bin. Runs the CLI compiled into dist/ by `npm ci` (prepare) or `npm run build`; when
// dist/ is missing or older than a source it was built from (a developer editing after npm ci),
// runs the TypeScript sources through tsx instead (runEntry): slower to start, never stale, never
// writing into the package while tests may be running several CLIs at once.
// DEP0066 comes from the S3 emulator (s3rver) on every request: noise for a user, nothing to act on.
import { COMPILED_ENTRY, runEntry } from './compiled-cli.js';

// Node 20 is supported here until the SDK's January 2027 cut-off; the warning says nothing a user can act on.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

await runEntry(COMPILED_ENTRY, new URL('./creditctl.ts', import.meta.url), (stale) => {
  // A person at a terminal learns why it is slow and how to fix it; a script's stderr stays its own.
  if (process.stderr.isTTY && process.env.CREDITCTL_FROM_SOURCE !== '1') {
    process.stderr.write(`creditctl: running the TypeScript sources (${stale}); \`npm run build\` makes it start fast again\n`);
  }
});
