#!/usr/bin/env node
// The package bin: runs the TypeScript CLI through tsx, so `npx creditctl` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('./creditctl.ts');
