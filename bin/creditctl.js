#!/usr/bin/env -S node --disable-warning=DEP0066
// The package bin: runs the TypeScript CLI through tsx, so `npx creditctl` works right after `npm ci`.
// DEP0066 comes from the S3 emulator (s3rver) on every request: noise for a user, nothing to act on.
import { register } from 'tsx/esm/api';

// Node 20 is supported here until the SDK's January 2027 cut-off; the warning says nothing a user can act on.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('./creditctl.ts');
