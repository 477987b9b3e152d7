import { describe, expect, it } from 'vitest';
import { PREFIX } from '../../functions/adapters/ledger-schema';
import { synthesizeStack } from '../support/cdk';

const { stack, template, logicalId } = synthesizeStack();

interface Statement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: unknown;
}
interface Grant {
  readonly actions: string[];
  /** Resources flattened as cdk-nag shows them: `<DocumentsFC324E00.Arn>/inbox/*`. */
  readonly resources: string[];
}

const asArray = <T,>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

const flatten = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const node = value as { 'Fn::GetAtt'?: [string, string]; 'Fn::Join'?: [string, unknown[]]; Ref?: string };
  if (node['Fn::GetAtt']) return `<${node['Fn::GetAtt'].join('.')}>`;
  if (node['Fn::Join']) return node['Fn::Join'][1].map(flatten).join(node['Fn::Join'][0]);
  if (node.Ref) return `<${node.Ref}>`;
  throw new Error(`unexpected policy resource ${JSON.stringify(value)}`);
};

/** The Allow statements of identity policies (policy resources and roles' inline ones), optionally of one role only. */
function grants(roleId?: string): Grant[] {
  type Document = { Statement: Statement[] };
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as { Properties: { Roles: { Ref: string }[]; PolicyDocument: Document } }[];
  const roles = template.findResources('AWS::IAM::Role') as Record<string, { Properties: { Policies?: { PolicyDocument: Document }[] } }>;
  const documents = [
    ...policies
      .filter((policy) => roleId === undefined || policy.Properties.Roles.some((role) => role.Ref === roleId))
      .map((policy) => policy.Properties.PolicyDocument),
    ...Object.entries(roles)
      .filter(([id]) => roleId === undefined || id === roleId)
      .flatMap(([, role]) => (role.Properties.Policies ?? []).map((policy) => policy.PolicyDocument)),
  ];
  return documents
    .flatMap((document) => document.Statement)
    .filter((statement) => statement.Effect === 'Allow')
    .map((statement) => ({ actions: asArray(statement.Action), resources: asArray(statement.Resource).map(flatten) }));
}

const ingestRoleId = logicalId(stack.intake.ingest.executionRole);
const documents = `<${logicalId(stack.intake.documents)}.Arn>`;
const objectsUnder = (prefix: string): string => `${documents}/${prefix}*`;
const resourcesFor = (grantList: Grant[], action: (name: string) => boolean): string[] =>
  [...new Set(grantList.filter((grant) => grant.actions.some(action)).flatMap((grant) => grant.resources))].sort();

describe('identity policies', () => {
  it('grant no wildcard actions', () => {
    expect(grants().flatMap((grant) => grant.actions).filter((action) => action === '*' || action.endsWith(':*'))).toEqual([]);
  });

  it("grant Resource '*' only to X-Ray, which has no resource-level permissions", () => {
    const onEverything = grants().filter((grant) => grant.resources.includes('*'));
    expect(onEverything.flatMap((grant) => grant.actions).filter((action) => !action.startsWith('xray:'))).toEqual([]);
  });

  it('attach no AWS managed policy to a role of ours', () => {
    const roles = template.findResources('AWS::IAM::Role') as Record<string, { Properties: { ManagedPolicyArns?: unknown[] } }>;
    const withManaged = Object.entries(roles).filter(([, role]) => role.Properties.ManagedPolicyArns !== undefined);
    // Only CDK's own deployment-time handler of bucket notifications carries one (acknowledged in lib/invoice-intake.ts).
    expect(withManaged.map(([id]) => id)).toEqual([expect.stringMatching(/^BucketNotificationsHandler/)]);
  });
});

describe('ingest function role', () => {
  const ingest = grants(ingestRoleId);

  it(`deletes documents under ${PREFIX.inbox} only`, () => {
    expect(resourcesFor(ingest, (action) => action.startsWith('s3:Delete'))).toEqual([objectsUnder(PREFIX.inbox)]);
  });

  it(`writes documents under ${PREFIX.archive} and ${PREFIX.quarantine} only`, () => {
    expect(resourcesFor(ingest, (action) => action.startsWith('s3:Put'))).toEqual(
      [objectsUnder(PREFIX.archive), objectsUnder(PREFIX.quarantine)].sort(),
    );
  });

  it('reads documents under its three prefixes, and lists the bucket to tell a missing key from a forbidden one', () => {
    expect(resourcesFor(ingest, (action) => action.startsWith('s3:Get') || action.startsWith('s3:List'))).toEqual(
      [documents, objectsUnder(PREFIX.inbox), objectsUnder(PREFIX.archive), objectsUnder(PREFIX.quarantine)].sort(),
    );
  });

  it('reaches the ledger table and its indexes, no other table', () => {
    const ledger = `<${logicalId(stack.ledger.table)}.Arn>`;
    expect(resourcesFor(ingest, (action) => action.startsWith('dynamodb:'))).toEqual([ledger, `${ledger}/index/*`]);
  });

  it('writes logs to its own log group only', () => {
    expect(resourcesFor(ingest, (action) => action.startsWith('logs:'))).toEqual([`<${logicalId(stack.intake.ingest.logGroup)}.Arn>`]);
  });
});
