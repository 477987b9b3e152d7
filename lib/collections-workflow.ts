import { ArnFormat, type CfnElement, Duration, Names, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ENV, PREFIX } from '../functions/adapters/ledger-schema';
import { COLLECTIONS_ASL_PATH, COLLECTIONS_TASK_FUNCTIONS, type CollectionsPlaceholder } from '../statemachines';
import type { EmailSender } from './notifications';
import { nagArnOf, ServiceFunction, type ServiceFunctionProps } from './service-function';

/** The agency folder name used when the stack is given none. */
export const DEFAULT_AGENCY_ID = 'default-agency';
/** The agency address used when the stack is given none: a placeholder, set the real one. */
export const DEFAULT_AGENCY_EMAIL = 'agency@example.com';


/** What other parts of the stack may do with collections runs: start one, or wake a waiting one. */
export interface ICollectionsWorkflow {
  /** The collections state machine. */
  readonly stateMachineArn: string;
  /** Allows `grantee` to start runs (states:StartExecution). */
  grantStart(grantee: IGrantable): Grant;
  /** Allows `grantee` to complete a waiting run's task token (states:SendTaskSuccess), which wakes the run at once. */
  grantSignal(grantee: IGrantable): Grant;
  /** Allows `fn` to read runs and their event history (states:DescribeExecution, states:GetExecutionHistory), as the console shows them. */
  grantReadExecutions(fn: ServiceFunction): Grant;
}

export interface CollectionsWorkflowProps {
  /** The ledger every task reads and records its step in. */
  readonly ledger: ITable;
  /** The documents bucket: originals under `archive/`, handover packages go under `agency/`. */
  readonly documents: IBucket;
  /** Sends reminders and agency notices. */
  readonly sender: EmailSender;
  /** The agency's folder under `agency/` in the documents bucket. @default DEFAULT_AGENCY_ID ('default-agency') */
  readonly agencyId?: string;
  /** Where the agency is told a case waits for it. @default DEFAULT_AGENCY_EMAIL ('agency@example.com') */
  readonly agencyEmail?: string;
}

/** Function-specific settings; every function also gets the ledger table. */
const TASK_SETTINGS: Partial<Record<CollectionsPlaceholder, Pick<ServiceFunctionProps, 'description' | 'timeout'>>> = {
  PlanNextStepFunctionArn: { description: 'Collections: plans the next step of a run from the recorded facts' },
  ParkRunFunctionArn: { description: 'Collections: keeps the task token of a waiting run in the ledger' },
  SendReminderFunctionArn: { description: 'Collections: sends a reminder once per invoice and step' },
  CreateCallTaskFunctionArn: { description: 'Collections: opens a call task on the collector worklist' },
  HandOverToAgencyFunctionArn: {
    description: 'Collections: hands a case over to the collection agency',
    // Copies the original file (up to 128 MiB, within S3) into the package: more than the default,
    // less than the state's 120 s, so the state sees the function's error rather than its own timeout.
    timeout: Duration.seconds(90),
  },
  FlagForLegalFunctionArn: { description: 'Collections: flags a case for legal action' },
  RecordFailureFunctionArn: { description: 'Collections: records a failed step for a person to look at' },
};

/**
 * The collections workflow: the state machine of statemachines/collections.asl.json (the file
 * the local host runs too) and one function per Task of it. Standard type, since a run waits
 * for weeks; execution errors are logged without execution data, which names customers.
 */
export class CollectionsWorkflow extends Construct implements ICollectionsWorkflow {
  /** The collections state machine: one execution per invoice, named after it. */
  public readonly stateMachine: StateMachine;
  /** The state machine's execution log (errors only). */
  public readonly executionLogs: LogGroup;
  /** The function behind each `${Placeholder}` of the definition. */
  public readonly taskFunctions: Readonly<Record<CollectionsPlaceholder, ServiceFunction>>;

  constructor(scope: Construct, id: string, props: CollectionsWorkflowProps) {
    super(scope, id);
    const mail = { [ENV.senderAddress]: props.sender.senderAddress, [ENV.configurationSet]: props.sender.configurationSetName };
    const environment: Partial<Record<CollectionsPlaceholder, Record<string, string>>> = {
      SendReminderFunctionArn: mail,
      HandOverToAgencyFunctionArn: {
        ...mail,
        [ENV.documentsBucket]: props.documents.bucketName,
        [ENV.agencyId]: props.agencyId ?? DEFAULT_AGENCY_ID,
        [ENV.agencyEmail]: props.agencyEmail ?? DEFAULT_AGENCY_EMAIL,
      },
    };

    // Built from the placeholder map itself, so every placeholder has its function, and the
    // construct id follows the state name (SendReminderFunctionArn -> SendReminder).
    const placeholders = Object.keys(COLLECTIONS_TASK_FUNCTIONS) as CollectionsPlaceholder[];
    this.taskFunctions = Object.fromEntries(
      placeholders.map((placeholder) => [
        placeholder,
        new ServiceFunction(this, placeholder.replace(/FunctionArn$/, ''), {
          entry: `functions/${COLLECTIONS_TASK_FUNCTIONS[placeholder]}/handler.ts`,
          ...TASK_SETTINGS[placeholder],
          environment: { [ENV.ledgerTable]: props.ledger.tableName, ...environment[placeholder] },
        }),
      ]),
    ) as Record<CollectionsPlaceholder, ServiceFunction>;

    this.executionLogs = new LogGroup(this, 'ExecutionLogs', { retention: RetentionDays.ONE_MONTH });
    // Named, so that its own ARN is known without a reference to it (see grantHandOn).
    const stateMachineName = Names.uniqueResourceName(this, { maxLength: 80 });
    this.stateMachine = new StateMachine(this, 'Collections', {
      stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(COLLECTIONS_ASL_PATH),
      definitionSubstitutions: Object.fromEntries(Object.entries(this.taskFunctions).map(([placeholder, fn]) => [placeholder, fn.functionArn])),
      tracingEnabled: true,
      logs: { destination: this.executionLogs, level: LogLevel.ERROR, includeExecutionData: false },
    });
    this.grantTasks(props);
    this.grantHandOn(stateMachineName);
    this.acknowledgeStateMachineFindings();
  }

  public get stateMachineArn(): string {
    return this.stateMachine.stateMachineArn;
  }

  public grantStart(grantee: IGrantable): Grant {
    return this.stateMachine.grantStartExecution(grantee);
  }

  public grantSignal(grantee: IGrantable): Grant {
    // Success only, not grantTaskResponse's failure and heartbeat too: waking a run is all any
    // caller does (functions/adapters/workflow.ts sends nothing else).
    return this.stateMachine.grant(grantee, 'states:SendTaskSuccess');
  }

  public grantReadExecutions(fn: ServiceFunction): Grant {
    const machine = Stack.of(this).getLogicalId(this.stateMachine.node.defaultChild as CfnElement);
    // CDK names the executions by the machine's name, cut out of its ARN: cdk-nag shows that expression.
    fn.acknowledgeWildcards(
      "The executions of the collections state machine, each named after its invoice: CDK's execution grant, on this machine's only.",
      `Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machine}"}]}]}:*`,
    );
    return this.stateMachine.grantExecution(fn, 'states:DescribeExecution', 'states:GetExecutionHistory');
  }

  private grantTasks({ ledger, documents, sender }: CollectionsWorkflowProps): void {
    const ledgerArn = nagArnOf(ledger);
    for (const fn of Object.values(this.taskFunctions)) {
      // fromFile hides the Task states from CDK, so it grants nothing by itself.
      fn.grantInvoke(this.stateMachine);
      // Every task records its step (and the mailer its send claims) in the ledger.
      ledger.grantReadWriteData(fn);
      if (ledgerArn) {
        fn.acknowledgeWildcards("The ledger's own indexes: the table grant extends to them, and no other table.", `Resource::${ledgerArn}/index/*`);
      }
    }

    const { SendReminderFunctionArn: sendReminder, HandOverToAgencyFunctionArn: handOver } = this.taskFunctions;
    sender.grantSendEmail(sendReminder);
    sender.grantSendEmail(handOver);

    // The package: the original is copied from archive/ (HEAD first, so a retry copies nothing
    // twice, which needs read on agency/ too: S3 answers 404 rather than 403 only to a reader).
    documents.grantRead(handOver, `${PREFIX.archive}*`);
    documents.grantRead(handOver, `${PREFIX.agency}*`);
    documents.grantPut(handOver, `${PREFIX.agency}*`);
    const documentsArn = nagArnOf(documents);
    handOver.acknowledgeWildcards(
      "CDK's S3 grants, on the documents bucket only and on objects only under the prefixes the handover works in: it reads " +
        'originals under archive/ and checks for and writes the package under agency/.',
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:Abort*',
      ...(documentsArn ? [PREFIX.archive, PREFIX.agency].map((prefix) => `Resource::${documentsArn}/${prefix}*`) : []),
    );
  }

  /**
   * Near its year's end an execution hands its run on to a new execution of this state machine
   * (HandOnRun, StartExecution). The grant names the machine by an ARN made from its name: one taken
   * from the resource would make the role's policy depend on the machine, which depends on the policy.
   */
  private grantHandOn(stateMachineName: string): void {
    const ownArn = Stack.of(this).formatArn({ service: 'states', resource: 'stateMachine', resourceName: stateMachineName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.stateMachine.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: [ownArn] }));
  }

  private acknowledgeStateMachineFindings(): void {
    const role = this.stateMachine.role;
    Validations.of(this.stateMachine).acknowledge({
      id: 'AwsSolutions-SF1',
      reason:
        'Execution data names customers and amounts, so the log keeps errors only, without data; each run keeps its full ' +
        'history in Step Functions, and its audit trail in the ledger.',
    });
    for (const fn of Object.values(this.taskFunctions)) {
      const fnArn = nagArnOf(fn);
      if (!fnArn) continue;
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${fnArn}:*]`,
        reason: "CDK's invoke grant for a task function of this state machine: its versions and aliases, no other function.",
      });
    }
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray (PutTraceSegments, PutTelemetryRecords, sampling) and CloudWatch Logs log delivery (CreateLogDelivery and its ' +
        'siblings, PutResourcePolicy, DescribeLogGroups) support no resource-level permissions.',
    });
  }
}
