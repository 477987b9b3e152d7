// npm run build (and `prepare`, which npm ci and npm install run at the root): compiles the CLI
// into dist/, so creditctl starts without compiling TypeScript at every run. Each subcommand
// becomes its own chunk, loaded by the dynamic import in its action; npm packages stay external
// and load from node_modules at run time, as they do under tsx.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, relative } from 'node:path';
import { build } from 'esbuild';
import { BUILD_MANIFEST, COMPILED_ENTRY, PACKAGE_ROOT, SIMULATE_WORKER_ENTRY } from '../bin/compiled-cli.js';

const DIST = 'dist';
/** Files the build reads besides the sources it bundles: a change to one makes dist/ stale too. */
const BUILD_CONFIG = ['scripts/build-cli.mjs', 'bin/compiled-cli.js', 'tsconfig.json', 'package.json'];
/** The compiled entries' names in dist/ (bin/compiled-cli.js says where they are), and their sources. */
const ENTRY_POINTS = {
  [basename(COMPILED_ENTRY, '.js')]: 'bin/creditctl.ts',
  // Forked by `creditctl simulate --workers`; it shares its chunks with the CLI's simulate.
  [basename(SIMULATE_WORKER_ENTRY, '.js')]: 'local/simulate/worker.ts',
};

/**
 * Code that reads files beside its source (statemachines/collections.asl.json, the console's
 * static files) finds them through import.meta.url. Bundled, that would be a chunk's URL in
 * dist/, so each source's import.meta.url becomes its own file's URL again, relative to the
 * chunk: every output sits directly in dist/ (checked below), one level under the package root.
 * @type {import('esbuild').Plugin}
 */
const sourceImportMetaUrl = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const fromChunk = `../${relative(PACKAGE_ROOT, path).split('\\').join('/')}`;
      return { contents: source.replaceAll(/\bimport\.meta\.url\b/g, `new URL(${JSON.stringify(fromChunk)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

/**
 * The npm packages compiled into dist/: pure JavaScript on the paths that must start fast (help
 * and parse), where resolving them file by file from node_modules costs more than running them.
 * Every other package stays external: the emulators and the SDK load files beside themselves, or
 * are big enough that the commands using them wait on their emulators far longer than on loading.
 */
const BUNDLED_PACKAGES = new Set(['commander', 'pdf-lib', 'sax', 'big.js']);

const packageOf = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/** @type {import('esbuild').Plugin} */
const bundleOnlyListedPackages = {
  name: 'bundle-only-listed-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ path }) => (BUNDLED_PACKAGES.has(packageOf(path)) ? undefined : { path, external: true }));
  },
};

/** Builds into a fresh folder beside dist/, so a creditctl started meanwhile never sees half a build. */
async function buildInto(outdir) {
  const startedAtMs = Date.now();
  const result = await build({
    absWorkingDir: PACKAGE_ROOT,
    entryPoints: ENTRY_POINTS,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Bundled CommonJS packages (commander, sax) call require(): give them Node's.
    // Aliased: a source that imports createRequire itself must not clash with the banner's.
    banner: { js: "import { createRequire as __bannerCreateRequire } from 'node:module'; const require = __bannerCreateRequire(import.meta.url);" },
    // Linked maps without the sources' text: stack traces point into the .ts files that sit beside dist/.
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
    plugins: [bundleOnlyListedPackages, sourceImportMetaUrl],
  });
  const nested = Object.keys(result.metafile.outputs).filter((output) => relative(outdir, output).includes('/'));
  if (nested.length > 0) throw new Error(`outputs below ${outdir}/ break import.meta.url: ${nested.join(', ')}`);
  const inputs = [...Object.keys(result.metafile.inputs), ...BUILD_CONFIG];
  await writeFile(`${outdir}/${relative(DIST, BUILD_MANIFEST)}`, `${JSON.stringify({ startedAtMs, inputs }, null, 1)}\n`);
  return inputs.length;
}

const started = performance.now();
const staging = `${DIST}.building-${process.pid}`;
process.chdir(PACKAGE_ROOT);
try {
  const inputs = await buildInto(staging);
  // Between the two renames there is no dist/: a creditctl starting then runs the sources through tsx.
  await rm(`${DIST}.old-${process.pid}`, { recursive: true, force: true });
  await rename(DIST, `${DIST}.old-${process.pid}`).catch((err) => {
    if (err.code !== 'ENOENT') throw err;
  });
  await rename(staging, DIST);
  await rm(`${DIST}.old-${process.pid}`, { recursive: true, force: true });
  process.stdout.write(`built ${COMPILED_ENTRY} from ${inputs} files in ${(performance.now() - started).toFixed(0)} ms\n`);
} catch (err) {
  await rm(staging, { recursive: true, force: true });
  throw err;
}
