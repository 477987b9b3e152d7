// The process of one part of `creditctl simulate --workers N` (local/simulate/workers.ts forks
// it): compiled or from the sources, as bin/creditctl.js decides for the CLI.
import { runEntry, SIMULATE_WORKER_ENTRY } from './compiled-cli.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

await runEntry(SIMULATE_WORKER_ENTRY, new URL('../local/simulate/worker.ts', import.meta.url));
