import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnElement } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/adapters/ledger-schema';
import { CreditControlStack } from '../../lib/credit-control-stack';
import { cdkContext, synthesizeStack } from '../support/cdk';

const withCreditManager = new CreditControlStack(new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } }), 'Credit', { creditManagerEmail: 'credit@example.com' });
const template = Template.fromStack(withCreditManager);
const logicalId = (construct: { node: { defaultChild?: unknown } }) => withCreditManager.getLogicalId(construct.node.defaultChild as CfnElement);

const policiesOf = (t: Template, roleId: string) =>
  Object.values(t.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } })).flatMap(
    (policy) => (policy as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }).Properties.PolicyDocument.Statement,
  );

describe('credit review', () => {
  it('runs daily at 04:00 UTC, an hour before the overdue sweep', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 4 * * ? *)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(withCreditManager.creditReview.review), 'Arn'] } })],
    });
  });

  it('reads and writes the ledger, wakes waiting runs, and beyond that only writes its own logs and traces and its failed runs', () => {
    const roleId = withCreditManager.getLogicalId(withCreditManager.creditReview.review.role!.node.defaultChild as CfnElement);
    const actions = policiesOf(template, roleId).flatMap((statement) => [statement.Action].flat());
    expect(actions.filter((action) => !action.startsWith('dynamodb:')).sort()).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      // A run that failed after Lambda's retries goes to its dead-letter queue (test/infra/operations.test.ts).
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
      'states:SendTaskSuccess',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });
});

describe('credit-hold alerts by e-mail', () => {
  it('tells the ingest function whom to write to, and lets it send through the configuration set', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ [ENV.creditManagerEmail]: 'credit@example.com', [ENV.senderAddress]: Match.anyValue() }) },
    });
    const roleId = withCreditManager.getLogicalId(withCreditManager.intake.ingest.role!.node.defaultChild as CfnElement);
    expect(policiesOf(template, roleId).some((statement) => [statement.Action].flat().includes('ses:SendEmail'))).toBe(true);
  });

  it('gives the ingest function no e-mail rights when no credit manager is named', () => {
    const { stack, template: plain } = synthesizeStack();
    const roleId = stack.getLogicalId(stack.intake.ingest.role!.node.defaultChild as CfnElement);
    expect(policiesOf(plain, roleId).some((statement) => [statement.Action].flat().some((action) => action.startsWith('ses:')))).toBe(false);
  });
});
