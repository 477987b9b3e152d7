import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CreditControlStack } from '../lib/credit-control-stack';

/** A context value as a positive integer: from cdk.json it is a number, from `cdk -c key=value` a string. */
function positiveIntegerContext(app: App, key: string): number | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0) throw new Error(`context ${key} must be a positive integer, not ${JSON.stringify(value)}`);
  return number;
}

/** A context value as a non-empty string; from cdk.json a number (a rate such as 2.15) is taken as written. */
function stringContext(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return undefined;
  if ((typeof value !== 'string' && typeof value !== 'number') || String(value).trim() === '') {
    throw new Error(`context ${key} must be a non-empty string, not ${JSON.stringify(value)}`);
  }
  return String(value).trim();
}

/** A context value as a number from 0 to 1, e.g. a confidence: from cdk.json a number, from `cdk -c key=value` a string. */
function fractionContext(app: App, key: string): number | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0 || number > 1) {
    throw new Error(`context ${key} must be a number from 0 to 1, not ${JSON.stringify(value)}`);
  }
  return number;
}

/** A context value as a boolean: from cdk.json true or false, from `cdk -c key=value` the string. */
function booleanContext(app: App, key: string): boolean | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`context ${key} must be true or false, not ${JSON.stringify(value)}`);
}

/** The console's own name and certificate, both or neither: `-c consoleDomainName=console.example.com -c consoleCertificateArn=arn:aws:acm:us-east-1:…`. */
function consoleDomainContext(app: App): { name: string; certificateArn: string } | undefined {
  const name = stringContext(app, 'consoleDomainName');
  const certificateArn = stringContext(app, 'consoleCertificateArn');
  if (name === undefined && certificateArn === undefined) return undefined;
  if (name === undefined || certificateArn === undefined) throw new Error('context consoleDomainName and consoleCertificateArn go together: give both, or neither');
  return { name, certificateArn };
}

const app = new App();
new CreditControlStack(app, 'CreditControl', {
  maxInvoiceBytes: positiveIntegerContext(app, 'maxInvoiceBytes'),
  senderAddress: stringContext(app, 'senderAddress'),
  agencyId: stringContext(app, 'agencyId'),
  agencyEmail: stringContext(app, 'agencyEmail'),
  creditManagerEmail: stringContext(app, 'creditManagerEmail'),
  maxStatementBytes: positiveIntegerContext(app, 'maxStatementBytes'),
  matchThreshold: fractionContext(app, 'matchThreshold'),
  autoAllocate: booleanContext(app, 'autoAllocate'),
  consoleDomain: consoleDomainContext(app),
  alarmEmail: stringContext(app, 'alarmEmail'),
});
// cdk-nag checks every synth; each acknowledgement sits beside its resource in lib/, with its reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
