// @ts-check
// What bin/creditctl.js needs to know about the compiled CLI in dist/, and scripts/build-cli.mjs
// writes: where it is, and from which sources it was built. Plain JavaScript, because it must
// run before anything is compiled.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package root: the folder of package.json, whatever the working directory. */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The compiled entry, relative to the package root. */
export const COMPILED_ENTRY = 'dist/creditctl.js';

/** The compiled entry of a `creditctl simulate --workers` process (bin/simulate-worker.js runs it). */
export const SIMULATE_WORKER_ENTRY = 'dist/simulate-worker.js';

/** Written by the build: `{ startedAtMs, inputs }`, the inputs relative to the package root. */
export const BUILD_MANIFEST = 'dist/build-manifest.json';

/**
 * @typedef {object} BuildManifest
 * @property {number} startedAtMs when the build began reading its inputs (a later change is not in it)
 * @property {string[]} inputs every file the build read, relative to the package root
 */

/**
 * Why dist/ must not run, or undefined when it is up to date with every file it was built from.
 * Compares modification times with the start of the build, as make does: a checkout, an edit or
 * a deleted source makes it stale; only the inputs are stat'ed, so the check costs about a millisecond.
 * @param {string} [root] the package root
 * @returns {string | undefined}
 * @example staleReason() // 'local/cli/parse.ts changed after the build'
 */
export function staleReason(root = PACKAGE_ROOT) {
  /** @type {BuildManifest} */
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(`${root}/${BUILD_MANIFEST}`, 'utf8'));
  } catch {
    return 'the CLI is not built';
  }
  for (const input of manifest.inputs) {
    const stat = statSync(`${root}/${input}`, { throwIfNoEntry: false });
    if (!stat) return `${input} is gone since the build`;
    if (stat.mtimeMs > manifest.startedAtMs) return `${input} changed after the build`;
  }
  return undefined;
}

/**
 * Runs an entry of the package: compiled, from dist/, when dist/ is up to date; else its
 * TypeScript source through tsx (slower to start, never stale). CREDITCTL_FROM_SOURCE=1 runs the
 * sources even when dist/ is fresh.
 * @param {string} compiled the compiled entry, relative to the package root
 * @param {URL} source the TypeScript module it is built from
 * @param {(reason: string) => void} [onSources] told why the sources run
 * @returns {Promise<void>}
 * @example await runEntry(COMPILED_ENTRY, new URL('./creditctl.ts', import.meta.url))
 */
export async function runEntry(compiled, source, onSources) {
  // functions/adapters/xray-mode.ts's setting, made here too: the bundle hoists the imports of the
  // chunk it is compiled into, the X-Ray SDK's among them, above its line, and the SDK reads the
  // setting as it loads (automatic mode's promise hooks cost a quarter of a simulation's CPU).
  if (!process.env.AWS_EXECUTION_ENV) process.env.AWS_XRAY_MANUAL_MODE ??= 'true';
  const stale = process.env.CREDITCTL_FROM_SOURCE === '1' ? 'CREDITCTL_FROM_SOURCE=1' : staleReason();
  if (stale === undefined) {
    process.setSourceMapsEnabled(true);
    await import(new URL(compiled, `file://${PACKAGE_ROOT}`).href);
    return;
  }
  onSources?.(stale);
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
}
