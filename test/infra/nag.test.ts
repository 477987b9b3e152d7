import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceFunction } from '../../lib/service-function';
import { COLLECTIONS_ASL_PATH } from '../../statemachines';
import { projectRoot, stagedAsset, synthesizeStack, validationFindings } from '../support/cdk';

const run = promisify(execFile);
const ALARM_EMAIL = 'ops@example.com';

// Bundling-free, for the list of functions and their logical ids, which the CLI's synthesis shares.
const { stack, logicalId } = synthesizeStack();
const functions = stack.node
  .findAll()
  .filter((construct): construct is ServiceFunction => construct instanceof ServiceFunction)
  .map((fn) => [fn.node.path, fn] as const);

describe('cdk synth', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'credit-control-synth-'));
  let exitCode = 0;
  let stderr = '';

  // The one real synthesis: the CLI runs bin/app.ts (with its cdk-nag plugin) as `cdk deploy -c
  // alarmEmail=...` does, and bundles every function with the local esbuild. Without the address,
  // the stack's one finding is the warning that alarms reach nobody (test/infra/operations.test.ts).
  // Its limit: about a minute on an idle machine, 100 to 150 s alone at a load of 20 on two cores,
  // and over the default 180 s beside another test worker.
  beforeAll(async () => {
    try {
      ({ stderr } = await run('npx', ['--no', 'cdk', 'synth', '--quiet', '--output', outdir, '-c', `alarmEmail=${ALARM_EMAIL}`], {
        cwd: projectRoot,
        env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
      }));
    } catch (err) {
      ({ code: exitCode = 1, stderr = '' } = err as { code?: number; stderr?: string });
    }
  }, 600_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('succeeds', () => expect({ exitCode, stderr: exitCode === 0 ? '' : stderr }).toEqual({ exitCode: 0, stderr: '' }));

  it('leaves no AwsSolutions finding unacknowledged, error or warning', () => expect(validationFindings(outdir)).toEqual([]));

  /** The template the CLI wrote: its asset keys name what `cdk deploy` uploads. */
  const deployed = (): Template => Template.fromJSON(JSON.parse(readFileSync(join(outdir, `${stack.stackName}.template.json`), 'utf8')) as Record<string, unknown>);
  const bundleOf = (fn: ServiceFunction): string => {
    const { Code } = deployed().toJSON().Resources[logicalId(fn)].Properties as { Code: { S3Key: string } };
    return join(stagedAsset(outdir, stack.stackName, Code.S3Key), 'index.mjs');
  };

  it.each(functions)('bundles %s into one ESM file with its source map and a require() for CommonJS dependencies', (_path, fn) => {
    const bundle = bundleOf(fn);
    expect(readFileSync(bundle, 'utf8')).toMatch(/^import \{ createRequire \} from 'node:module'; const require = createRequire\(import\.meta\.url\);/);
    expect(existsSync(`${bundle}.map`)).toBe(true);
  });

  it.each(functions)('produces a bundle of %s that loads as Lambda loads it, cold start included, with the environment the stack sets', async (_path, fn) => {
    const { Environment } = deployed().toJSON().Resources[logicalId(fn)].Properties as { Environment: { Variables: Record<string, unknown> } };
    // A variable the stack sets from another resource (a table name, an ARN) is known only on deployment: a stand-in does.
    const environment = Object.fromEntries(Object.entries(Environment.Variables).map(([name, value]) => [name, typeof value === 'string' ? value : `${name}-from-stack`]));
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(bundleOf(fn)).href)}); console.log(typeof m.handler);`], {
      // Outside the repository, so nothing can come from its node_modules: the bundle stands alone.
      cwd: tmpdir(),
      // Only what Lambda and the stack set: a variable the handler needs and the stack forgot fails here.
      env: { PATH: process.env.PATH, AWS_REGION: 'eu-central-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...environment },
    });
    expect(stdout.trim()).toBe('function');
  });

  it('subscribes the address given with -c alarmEmail to the alarm topic', () => {
    deployed().hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: ALARM_EMAIL });
  });

  it('deploys statemachines/collections.asl.json byte for byte, the document the local host runs', () => {
    const machines = Object.values(deployed().findResources('AWS::StepFunctions::StateMachine')) as { Properties: { DefinitionS3Location: { Key: string } } }[];
    expect(machines).toHaveLength(1);
    const staged = stagedAsset(outdir, stack.stackName, machines[0]!.Properties.DefinitionS3Location.Key);
    const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(sha256(staged), `${staged} is not ${COLLECTIONS_ASL_PATH}`).toBe(sha256(COLLECTIONS_ASL_PATH));
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
