import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../functions/adapters/ledger-schema';
import { projectRoot, validationFindings } from '../support/cdk';

const run = promisify(execFile);

describe('cdk synth', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'credit-control-synth-'));
  let exitCode = 0;
  let stderr = '';

  // The one real synthesis: the CLI runs bin/app.ts (with its cdk-nag plugin) as `cdk synth` does,
  // and bundles every function with the local esbuild.
  beforeAll(async () => {
    try {
      ({ stderr } = await run('npx', ['--no', 'cdk', 'synth', '--quiet', '--output', outdir], {
        cwd: projectRoot,
        env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
      }));
    } catch (err) {
      ({ code: exitCode = 1, stderr = '' } = err as { code?: number; stderr?: string });
    }
  }, 180_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('succeeds', () => expect({ exitCode, stderr: exitCode === 0 ? '' : stderr }).toEqual({ exitCode: 0, stderr: '' }));

  it('leaves no AwsSolutions finding unacknowledged, error or warning', () => expect(validationFindings(outdir)).toEqual([]));

  const bundles = (): string[] =>
    readdirSync(outdir)
      .filter((entry) => entry.startsWith('asset.'))
      .map((asset) => join(outdir, asset, 'index.mjs'))
      .filter((file) => existsSync(file));

  it('bundles the ingest function into one ESM file with its source map and a require() for CommonJS dependencies', () => {
    expect(bundles()).toHaveLength(1);
    const [bundle] = bundles() as [string];
    expect(readFileSync(bundle, 'utf8')).toMatch(/^import \{ createRequire \} from 'node:module'; const require = createRequire\(import\.meta\.url\);/);
    expect(existsSync(`${bundle}.map`)).toBe(true);
  });

  it('produces a bundle that loads as Lambda loads it, cold start included', async () => {
    const [bundle] = bundles() as [string];
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)}); console.log(typeof m.handler);`], {
      // Outside the repository, so nothing can come from its node_modules: the bundle stands alone.
      cwd: tmpdir(),
      env: { ...process.env, [ENV.ledgerTable]: 'ledger', [ENV.documentsBucket]: 'documents', AWS_REGION: 'eu-central-1' },
    });
    expect(stdout.trim()).toBe('function');
  });
});

describe('validationFindings', () => {
  it('reports what cdk-nag finds, so an empty list above means a clean stack', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'credit-control-nag-'));
    try {
      const app = new App({ outdir });
      new Bucket(new Stack(app, 'Probe'), 'Open');
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      // An in-memory synthesis with errors throws, after writing its report.
      expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
      expect(validationFindings(outdir)).toEqual(
        expect.arrayContaining([
          { rule: 'AwsSolutions-S1', severity: 'error', path: 'Probe/Open/Resource' },
          { rule: 'AwsSolutions-S10', severity: 'error', path: 'Probe/Open/Resource' },
        ]),
      );
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
