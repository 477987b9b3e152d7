import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { CreditControlStack } from '../../lib/credit-control-stack';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The context `cdk synth` runs with: cdk.json's feature flags and configuration. */
export const cdkContext = (JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

export interface SynthesizedStack {
  readonly stack: CreditControlStack;
  readonly template: Template;
  /** The logical id of a construct's CloudFormation resource, e.g. of `stack.intake.documents`. */
  readonly logicalId: (construct: IConstruct) => string;
}

/**
 * The stack as bin/app.ts builds it, with cdk.json's context, but without bundling the functions:
 * the template is the same, and esbuild costs seconds per function. The real bundling is tested
 * by nag.test.ts, through the CDK CLI.
 */
export function synthesizeStack(): SynthesizedStack {
  const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } });
  const stack = new CreditControlStack(app, 'CreditControl', { maxInvoiceBytes: Number(cdkContext.maxInvoiceBytes) });
  return {
    stack,
    template: Template.fromStack(stack),
    logicalId: (construct) => stack.getLogicalId(construct.node.defaultChild as CfnElement),
  };
}

export interface ValidationFinding {
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
}

interface ValidationReport {
  readonly pluginReports: {
    readonly violations: { readonly ruleName: string; readonly severity?: string; readonly violatingConstructs: { readonly constructPath: string }[] }[];
  }[];
}

/**
 * Every finding left in a cloud assembly's validation report (cdk-nag 3 writes its findings there,
 * acknowledged ones removed), whatever its severity: a warning counts as much as an error.
 */
export function validationFindings(assemblyDir: string): ValidationFinding[] {
  const report = JSON.parse(readFileSync(join(assemblyDir, 'validation-report.json'), 'utf8')) as ValidationReport;
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((violation) =>
      violation.violatingConstructs.map((construct) => ({
        rule: violation.ruleName,
        severity: violation.severity ?? 'unknown',
        path: construct.constructPath,
      })),
    ),
  );
}

interface AssetManifest {
  readonly files: Record<string, { readonly source: { readonly path: string }; readonly destinations: Record<string, { readonly objectKey: string }> }>;
}

/**
 * Where a cloud assembly staged the file asset that a template names by its S3 object key (a
 * state machine's `DefinitionS3Location.Key`, a function's `Code.S3Key`): what `cdk deploy` uploads.
 */
export function stagedAsset(assemblyDir: string, stackName: string, objectKey: string): string {
  const manifest = JSON.parse(readFileSync(join(assemblyDir, `${stackName}.assets.json`), 'utf8')) as AssetManifest;
  const asset = Object.values(manifest.files).find((file) => Object.values(file.destinations).some((destination) => destination.objectKey === objectKey));
  if (!asset) throw new Error(`no asset of ${stackName} is uploaded as ${objectKey}`);
  return isAbsolute(asset.source.path) ? asset.source.path : join(assemblyDir, asset.source.path);
}
