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
