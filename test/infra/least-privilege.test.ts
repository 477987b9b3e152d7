import { describe, expect, it } from 'vitest';
import { PREFIX } from '../../functions/adapters/ledger-schema';
import type { ServiceFunction } from '../../lib/service-function';
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
  const node = value as {
    'Fn::GetAtt'?: [string, string];
    'Fn::Join'?: [string, unknown[]];
    'Fn::Select'?: [number, { 'Fn::Split': [string, unknown] }];
    'Fn::Sub'?: string;
    Ref?: string;
  };
  // The bootstrap asset bucket's name, as cdk-nag shows it: `cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>`.
  if (node['Fn::Sub']) return node['Fn::Sub'].replace(/\$\{([\w:]+)\}/g, '<$1>');
  if (node['Fn::GetAtt']) return `<${node['Fn::GetAtt'].join('.')}>`;
  // A name cut out of an ARN (a state machine's, for its executions): `<Machine>.split(':')[6]`.
  if (node['Fn::Select']) {
    const [index, { 'Fn::Split': [separator, whole] }] = node['Fn::Select'];
    return `${flatten(whole)}.split('${separator}')[${index}]`;
  }
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
const machineRoleId = logicalId(stack.collections.stateMachine.role);
const documents = `<${logicalId(stack.intake.documents)}.Arn>`;
const ledgerArn = `<${logicalId(stack.ledger.table)}.Arn>`;
const machineArn = `<${logicalId(stack.collections.stateMachine)}>`;
/** What Step Functions needs to deliver execution logs to CloudWatch Logs (AWS: no resource-level permissions). */
const LOG_DELIVERY_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:DescribeLogGroups',
  'logs:DescribeResourcePolicies',
  'logs:GetLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:UpdateLogDelivery',
];
const objectsUnder = (prefix: string): string => `${documents}/${prefix}*`;
const resourcesFor = (grantList: Grant[], action: (name: string) => boolean): string[] =>
  [...new Set(grantList.filter((grant) => grant.actions.some(action)).flatMap((grant) => grant.resources))].sort();

describe('identity policies', () => {
  it('grant no wildcard actions', () => {
    expect(grants().flatMap((grant) => grant.actions).filter((action) => action === '*' || action.endsWith(':*'))).toEqual([]);
  });

  it("grant Resource '*' only to X-Ray, and to the state machine's log delivery: neither has resource-level permissions", () => {
    const mayHaveEverything = (roleId: string, action: string): boolean =>
      action.startsWith('xray:') || (roleId === machineRoleId && LOG_DELIVERY_ACTIONS.includes(action));
    const onEverything = Object.keys(template.findResources('AWS::IAM::Role')).flatMap((roleId) =>
      grants(roleId)
        .filter((grant) => grant.resources.includes('*'))
        .flatMap((grant) => grant.actions.filter((action) => !mayHaveEverything(roleId, action)).map((action) => `${roleId} ${action}`)),
    );
    expect(onEverything).toEqual([]);
  });

  it('attach no AWS managed policy to a role of ours', () => {
    const roles = template.findResources('AWS::IAM::Role') as Record<string, { Properties: { ManagedPolicyArns?: unknown[] } }>;
    const withManaged = Object.entries(roles).filter(([, role]) => role.Properties.ManagedPolicyArns !== undefined);
    // Only CDK's own deployment-time handlers carry one: of bucket notifications (acknowledged in lib/invoice-intake.ts)
    // and of the console's file deployment (lib/console.ts).
    expect(withManaged.map(([id]) => id).sort()).toEqual([expect.stringMatching(/^BucketNotificationsHandler/), expect.stringMatching(/^CustomCDKBucketDeployment/)]);
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
    expect(resourcesFor(ingest, (action) => action.startsWith('dynamodb:'))).toEqual([ledgerArn, `${ledgerArn}/index/*`]);
  });

  it('writes logs to its own log group only', () => {
    expect(resourcesFor(ingest, (action) => action.startsWith('logs:'))).toEqual([`<${logicalId(stack.intake.ingest.logGroup)}.Arn>`]);
  });

  it('uses no service beyond its documents, the ledger, its queue, the collections runs, its logs and traces', () => {
    // No credit manager is configured here: with one, it sends through SES too (test/infra/credit.test.ts).
    const allowed = (action: string): boolean => ['s3:', 'dynamodb:', 'sqs:', 'states:', 'logs:', 'xray:'].some((service) => action.startsWith(service));
    expect(ingest.flatMap((grant) => grant.actions).filter((action) => !allowed(action))).toEqual([]);
  });
});

const { taskFunctions } = stack.collections;
/** Every function besides the two ingest functions: the workflow's tasks, the sweep, the API's. */
const collectionsFunctions = [
  ...Object.entries(taskFunctions).map(([placeholder, fn]) => [placeholder.replace(/FunctionArn$/, ''), fn] as const),
  ['Sweep', stack.sweep.sweep] as const,
  ['RecordEvent', stack.operationsApi.recordEvent] as const,
  ['BankLines', stack.operationsApi.bankLines] as const,
  ['RecordDelivery', stack.notifications.recordDelivery] as const,
];
const roleOf = (fn: ServiceFunction): string => logicalId(fn.executionRole);
const sesArn = (resource: string): string =>
  `arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:${resource}/<${logicalId(resource === 'identity' ? stack.notifications.identity : stack.notifications.configurationSet)}>`;
/** What each function may use besides the ledger, its logs and X-Ray. */
const NEEDS: Record<string, string[]> = {
  SendReminder: ['ses:'],
  HandOverToAgency: ['ses:', 's3:'],
  Sweep: ['states:', 'sqs:'],
  RecordEvent: ['states:'],
  BankLines: ['states:'],
  RecordDelivery: ['sqs:'],
};
const mailing = new Set(['SendReminder', 'HandOverToAgency']);

describe.each(collectionsFunctions)('%s function role', (name, fn) => {
  const granted = grants(roleOf(fn));
  const startsWithAny = (...prefixes: string[]) => (action: string) => prefixes.some((prefix) => action.startsWith(prefix));

  it('reaches the ledger table and its indexes, no other table', () => {
    expect(resourcesFor(granted, startsWithAny('dynamodb:'))).toEqual([ledgerArn, `${ledgerArn}/index/*`]);
  });

  it('writes logs to its own log group only', () => {
    expect(resourcesFor(granted, startsWithAny('logs:'))).toEqual([`<${logicalId(fn.logGroup)}.Arn>`]);
  });

  it('uses no service beyond the ledger, its logs and traces and what its task needs', () => {
    const allowed = startsWithAny('dynamodb:', 'logs:', 'xray:', ...(NEEDS[name] ?? []));
    expect(granted.flatMap((grant) => grant.actions).filter((action) => !allowed(action))).toEqual([]);
  });
});

describe.each(collectionsFunctions.filter(([name]) => mailing.has(name)))('%s function role', (_name, fn) => {
  const granted = grants(roleOf(fn));

  it('sends e-mail as the sender, through the configuration set, and does nothing else in SES', () => {
    expect([...new Set(granted.flatMap((grant) => grant.actions).filter((action) => action.startsWith('ses:')))]).toEqual(['ses:SendEmail']);
    expect(resourcesFor(granted, (action) => action.startsWith('ses:'))).toEqual([sesArn('configuration-set'), sesArn('identity')]);
  });
});

describe('RecordDelivery function role', () => {
  it('consumes its own queue of SES events only', () => {
    const granted = grants(roleOf(stack.notifications.recordDelivery));
    expect(resourcesFor(granted, (action) => action.startsWith('sqs:'))).toEqual([`<${logicalId(stack.notifications.deliveryEvents)}.Arn>`]);
    expect([...new Set(granted.flatMap((grant) => grant.actions).filter((action) => action.startsWith('sqs:')))].sort()).toEqual(
      ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
    );
  });
});

describe('HandOverToAgency function role', () => {
  const handOver = grants(roleOf(taskFunctions.HandOverToAgencyFunctionArn));

  it(`reads originals under ${PREFIX.archive} and the package under ${PREFIX.agency}, and lists the bucket to tell a missing key from a forbidden one`, () => {
    expect(resourcesFor(handOver, (action) => action.startsWith('s3:Get') || action.startsWith('s3:List'))).toEqual(
      [documents, objectsUnder(PREFIX.agency), objectsUnder(PREFIX.archive)].sort(),
    );
  });

  it(`writes documents under ${PREFIX.agency} only, and deletes none`, () => {
    expect(resourcesFor(handOver, (action) => action.startsWith('s3:Put'))).toEqual([objectsUnder(PREFIX.agency)]);
    expect(resourcesFor(handOver, (action) => action.startsWith('s3:Delete'))).toEqual([]);
  });
});

describe('collections state machine role', () => {
  const machine = grants(machineRoleId);

  it('invokes the task functions, their versions and aliases, and no other function', () => {
    const functionArns = Object.values(taskFunctions).flatMap((fn) => [`<${logicalId(fn)}.Arn>`, `<${logicalId(fn)}.Arn>:*`]);
    expect(resourcesFor(machine, (action) => action === 'lambda:InvokeFunction')).toEqual(functionArns.sort());
  });

  it("starts executions of itself only: a run handing itself on near its execution's year's end", () => {
    const { StateMachineName } = template.toJSON().Resources[logicalId(stack.collections.stateMachine)].Properties as { StateMachineName: string };
    expect(resourcesFor(machine, (action) => action === 'states:StartExecution')).toEqual([
      `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:${StateMachineName}`,
    ]);
  });

  it('does nothing but invoke its tasks, hand a run on, trace and deliver its execution log', () => {
    const allowed = (action: string): boolean =>
      action === 'lambda:InvokeFunction' || action === 'states:StartExecution' || action.startsWith('xray:') || LOG_DELIVERY_ACTIONS.includes(action);
    expect(machine.flatMap((grant) => grant.actions).filter((action) => !allowed(action))).toEqual([]);
  });
});

describe('workflow callers', () => {
  const statesActions = (fn: ServiceFunction): string[] =>
    [...new Set(grants(roleOf(fn)).flatMap((grant) => grant.actions).filter((action) => action.startsWith('states:')))].sort();
  const statesResources = (fn: ServiceFunction): string[] => resourcesFor(grants(roleOf(fn)), (action) => action.startsWith('states:'));

  it('the sweep starts executions of the collections state machine, and does nothing else with it', () => {
    expect(statesActions(stack.sweep.sweep)).toEqual(['states:StartExecution']);
    expect(statesResources(stack.sweep.sweep)).toEqual([machineArn]);
  });

  it('the ingest function starts the run of an invoice whose collections start date has come and wakes the run of one a credit note credits (task success only), on the collections state machine only', () => {
    expect(statesActions(stack.intake.ingest)).toEqual(['states:SendTaskSuccess', 'states:StartExecution']);
    expect(statesResources(stack.intake.ingest)).toEqual([machineArn]);
  });

  it.each([
    ['the statement function', stack.statements.ingest],
    ["the API's record-event function", stack.operationsApi.recordEvent],
    ["the API's bank-lines function", stack.operationsApi.bankLines],
  ])('%s wakes waiting runs (task success only) and starts a fresh run for an ended one, on the collections state machine only', (_name, fn) => {
    expect(statesActions(fn)).toEqual(['states:SendTaskSuccess', 'states:StartExecution']);
    expect(statesResources(fn)).toEqual([machineArn]);
  });

  it('the credit review only wakes waiting runs', () => {
    expect(statesActions(stack.creditReview.review)).toEqual(['states:SendTaskSuccess']);
    expect(statesResources(stack.creditReview.review)).toEqual([machineArn]);
  });
});

describe.each([
  ['sweep', stack.sweep.sweep, stack.sweep.deadLetterQueue],
  ['credit review', stack.creditReview.review, stack.creditReview.deadLetterQueue],
])('scheduled %s function role', (_name, fn, deadLetterQueue) => {
  const granted = grants(roleOf(fn));

  it('sends a run that failed after its retries to its own dead-letter queue, and does nothing else in SQS', () => {
    expect(resourcesFor(granted, (action) => action.startsWith('sqs:'))).toEqual([`<${logicalId(deadLetterQueue)}.Arn>`]);
    expect([...new Set(granted.flatMap((grant) => grant.actions).filter((action) => action.startsWith('sqs:')))].sort()).toEqual([
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
    ]);
  });
});

describe('statement function role', () => {
  const statements = grants(logicalId(stack.statements.ingest.executionRole));
  const archived = `${PREFIX.archive}statements/`;
  const actionsOn = (resource: string): string[] =>
    [...new Set(statements.filter((grant) => grant.resources.includes(resource)).flatMap((grant) => grant.actions))].sort();

  it(`reads and deletes dropped files under ${PREFIX.statements}, and writes nothing there`, () => {
    expect(actionsOn(objectsUnder(PREFIX.statements))).toEqual(['s3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*']);
  });

  it(`writes under ${archived} and ${PREFIX.quarantine} only, where it also reads (HEAD) whether a key is there, and deletes nothing there`, () => {
    const readPut = ['s3:Abort*', 's3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:PutObject', 's3:PutObjectLegalHold', 's3:PutObjectRetention', 's3:PutObjectTagging', 's3:PutObjectVersionTagging'];
    expect(actionsOn(objectsUnder(archived))).toEqual(readPut);
    expect(actionsOn(objectsUnder(PREFIX.quarantine))).toEqual(readPut);
    expect(resourcesFor(statements, (action) => action.startsWith('s3:Put') || action.startsWith('s3:Abort'))).toEqual(
      [objectsUnder(archived), objectsUnder(PREFIX.quarantine)].sort(),
    );
    expect(resourcesFor(statements, (action) => action.startsWith('s3:Delete'))).toEqual([objectsUnder(PREFIX.statements)]);
  });

  it('on the bucket itself, only lists and reads its settings: S3 answers a HEAD of a missing key with 404, not 403, only to a lister', () => {
    // CDK's grantRead names the bucket and the objects in one statement; s3:GetObject* matches no bucket.
    expect(actionsOn(documents)).toEqual(['s3:GetBucket*', 's3:GetObject*', 's3:List*']);
    expect(resourcesFor(statements, (action) => action.startsWith('s3:'))).toEqual(
      [documents, objectsUnder(archived), objectsUnder(PREFIX.quarantine), objectsUnder(PREFIX.statements)].sort(),
    );
  });

  it('reads and writes the ledger table and its indexes, no other table', () => {
    expect(resourcesFor(statements, (action) => action.startsWith('dynamodb:'))).toEqual([ledgerArn, `${ledgerArn}/index/*`]);
    const dynamodb = [...new Set(statements.flatMap((grant) => grant.actions).filter((action) => action.startsWith('dynamodb:')))];
    expect(dynamodb).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:Scan']));
  });

  it('consumes its own queue only', () => {
    expect(resourcesFor(statements, (action) => action.startsWith('sqs:'))).toEqual([`<${logicalId(stack.statements.queue)}.Arn>`]);
  });

  it('writes logs to its own log group only, and uses no other service', () => {
    expect(resourcesFor(statements, (action) => action.startsWith('logs:'))).toEqual([`<${logicalId(stack.statements.ingest.logGroup)}.Arn>`]);
    const allowed = (action: string): boolean => ['s3:', 'dynamodb:', 'states:', 'sqs:', 'logs:', 'xray:'].some((service) => action.startsWith(service));
    expect(statements.flatMap((grant) => grant.actions).filter((action) => !allowed(action))).toEqual([]);
  });
});

describe('console function role', () => {
  const consoleFn = stack.console.handler;
  const granted = grants(roleOf(consoleFn));
  const actionsOn = (resource: string): string[] => [...new Set(granted.filter((grant) => grant.resources.includes(resource)).flatMap((grant) => grant.actions))].sort();

  it('reads and writes the ledger table and its indexes, no other table', () => {
    expect(resourcesFor(granted, (action) => action.startsWith('dynamodb:'))).toEqual([ledgerArn, `${ledgerArn}/index/*`]);
  });

  it(`reads originals under ${PREFIX.archive} and quarantined files under ${PREFIX.quarantine}, and writes nothing there`, () => {
    for (const prefix of [PREFIX.archive, PREFIX.quarantine]) expect(actionsOn(objectsUnder(prefix)), prefix).toEqual(['s3:GetBucket*', 's3:GetObject*', 's3:List*']);
  });

  it(`puts a quarantined file back under ${PREFIX.inbox} or ${PREFIX.statements} only, and deletes nothing anywhere`, () => {
    expect(resourcesFor(granted, (action) => action.startsWith('s3:Put') || action.startsWith('s3:Abort'))).toEqual([objectsUnder(PREFIX.inbox), objectsUnder(PREFIX.statements)].sort());
    expect(resourcesFor(granted, (action) => action.startsWith('s3:Delete'))).toEqual([]);
    expect(resourcesFor(granted, (action) => action.startsWith('s3:'))).toEqual(
      [documents, objectsUnder(PREFIX.archive), objectsUnder(PREFIX.inbox), objectsUnder(PREFIX.quarantine), objectsUnder(PREFIX.statements)].sort(),
    );
  });

  it("reads the collections runs' executions and history, wakes and starts runs, and does nothing else with the state machine", () => {
    const executions = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${machineArn}.split(':')[6]:*`;
    expect(actionsOn(executions)).toEqual(['states:DescribeExecution', 'states:GetExecutionHistory']);
    expect(actionsOn(machineArn)).toEqual(['states:SendTaskSuccess', 'states:StartExecution']);
    expect(resourcesFor(granted, (action) => action.startsWith('states:'))).toEqual([executions, machineArn].sort());
  });

  it("reads the console user pool's users and moves them between its groups, on that pool only", () => {
    expect(resourcesFor(granted, (action) => action.startsWith('cognito-idp:'))).toEqual([`<${logicalId(stack.console.userPool)}.Arn>`]);
    expect(granted.flatMap((grant) => grant.actions).filter((action) => action.startsWith('cognito-idp:')).sort()).toEqual(
      ['cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminListGroupsForUser', 'cognito-idp:AdminRemoveUserFromGroup', 'cognito-idp:ListUsers'],
    );
  });

  it('writes logs to its own log group only, and uses no other service', () => {
    expect(resourcesFor(granted, (action) => action.startsWith('logs:'))).toEqual([`<${logicalId(consoleFn.logGroup)}.Arn>`]);
    const allowed = (action: string): boolean => ['s3:', 'dynamodb:', 'states:', 'logs:', 'xray:', 'cognito-idp:'].some((service) => action.startsWith(service));
    expect(granted.flatMap((grant) => grant.actions).filter((action) => !allowed(action))).toEqual([]);
  });
});
