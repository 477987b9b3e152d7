import { Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  EndpointType,
  JsonSchemaType,
  JsonSchemaVersion,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RestApi,
  type Method,
} from 'aws-cdk-lib/aws-apigateway';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV } from '../functions/adapters/ledger-schema';
import { bookingEnvironment, type BookingSettings } from './bank-statements';
import type { ICollectionsWorkflow } from './collections-workflow';
import { nagArnOf, ServiceFunction } from './service-function';

export interface OperationsApiProps {
  /** The ledger events are recorded in. */
  readonly ledger: ITable;
  /** The workflow whose waiting runs a recorded event wakes. */
  readonly workflow: ICollectionsWorkflow;
  /** Steady-state requests per second across the API. @default 20 */
  readonly throttlingRateLimit?: number;
  /** Requests the API takes in a burst above the rate. @default 40 */
  readonly throttlingBurstLimit?: number;
  /** How a bank line a person assigns is booked: the statement function's settings. @default - the functions' own */
  readonly booking?: BookingSettings;
}

/**
 * The operations API: payments, returned payments, disputes, promises, call outcomes and agency
 * results are posted to `POST /events`, checked (README, "operations API"), recorded in the
 * ledger, and wake the invoice's run. Bank lines no rule matched wait at `GET /bank-lines/unmatched`
 * for a person, who assigns one with `POST /bank-lines/{lineId}/assign`, and allocates or refunds
 * a customer's credit with `POST /customers/{customerId}/credit`. Every method takes SigV4-signed
 * requests only (IAM authorization); callers are allowed with `grantRecordEvents` and `grantReconcile`.
 *
 * Stage execution logging needs the account's API Gateway CloudWatch Logs role, a one-time
 * setting of the account and region that this stack does not own (cdk.json sets
 * `@aws-cdk/aws-apigateway:disableCloudWatchRole`).
 */
export class OperationsApi extends Construct {
  /** The REST API. */
  public readonly api: RestApi;
  /** Records an event and signals the run. */
  public readonly recordEvent: ServiceFunction;
  /** `POST /events`. */
  public readonly recordEventMethod: Method;
  /** Shows the unmatched queue, books a person's assignment of a line, uses a customer's credit. */
  public readonly bankLines: ServiceFunction;
  /** `GET /bank-lines/unmatched`, `POST /bank-lines/{lineId}/assign` and `POST /customers/{customerId}/credit`. */
  public readonly reconcileMethods: readonly Method[];
  /** One line per request: who, what, the answer's status; no bodies. */
  public readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: OperationsApiProps) {
    super(scope, id);
    this.recordEvent = new ServiceFunction(this, 'RecordEvent', {
      entry: 'functions/record-event/handler.ts',
      description: 'Records a payment, returned payment, dispute, promise, call outcome or agency result and wakes the run',
      environment: { [ENV.ledgerTable]: props.ledger.tableName, [ENV.stateMachineArn]: props.workflow.stateMachineArn },
    });
    props.ledger.grantReadWriteData(this.recordEvent);
    const ledgerArn = nagArnOf(props.ledger);
    if (ledgerArn) {
      this.recordEvent.acknowledgeWildcards("The ledger's own indexes: the table grant extends to them, and no other table.", `Resource::${ledgerArn}/index/*`);
    }
    props.workflow.grantSignal(this.recordEvent);
    // A payment returned on a run that ended as paid starts a fresh execution (record.ts, reopenEnded).
    props.workflow.grantStart(this.recordEvent);

    this.bankLines = new ServiceFunction(this, 'BankLines', {
      entry: 'functions/bank-lines/handler.ts',
      description: "Lists unmatched bank lines, books a person's assignment of one, allocates or refunds a customer's credit",
      environment: {
        [ENV.ledgerTable]: props.ledger.tableName,
        [ENV.stateMachineArn]: props.workflow.stateMachineArn,
        ...bookingEnvironment(props.booking ?? {}),
      },
    });
    // Lines, accounts and the invoices' events they book; the wake-ups and restarts as for POST /events.
    props.ledger.grantReadWriteData(this.bankLines);
    if (ledgerArn) {
      this.bankLines.acknowledgeWildcards("The ledger's own indexes: the table grant extends to them, and no other table.", `Resource::${ledgerArn}/index/*`);
    }
    props.workflow.grantSignal(this.bankLines);
    props.workflow.grantStart(this.bankLines);

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH });
    this.api = new RestApi(this, 'Api', {
      description: 'credit-control operations: events that change the course of a collections run',
      endpointTypes: [EndpointType.REGIONAL],
      // Explicit, as cdk.json's flag has it: the account's API Gateway logging role is not this stack's.
      cloudWatchRole: false,
      defaultMethodOptions: { authorizationType: AuthorizationType.IAM },
      deployOptions: {
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        // Request and response bodies name customers and amounts: never in the execution log.
        dataTraceEnabled: false,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        throttlingRateLimit: props.throttlingRateLimit ?? 20,
        throttlingBurstLimit: props.throttlingBurstLimit ?? 40,
      },
    });
    // RestApi always adds an output named by a hash; the stack states the URL under a name of its own.
    this.api.node.tryRemoveChild('Endpoint');

    // Only the shape every event shares: the handler's schema (functions/domain/policy) is the one
    // source of the field rules, and answers a bad field with a message that names it.
    const eventModel = this.api.addModel('EventRequest', {
      contentType: 'application/json',
      schema: { schema: JsonSchemaVersion.DRAFT4, title: 'EventRequest', type: JsonSchemaType.OBJECT },
    });
    // Parameters too, as cdk-nag's APIG2 asks: the method declares none, so in effect the body is what is checked.
    const validator = this.api.addRequestValidator('RequestValidator', { validateRequestBody: true, validateRequestParameters: true });
    this.recordEventMethod = this.api.root
      .addResource('events')
      .addMethod('POST', new LambdaIntegration(this.recordEvent), { requestValidator: validator, requestModels: { 'application/json': eventModel } });

    // As for events: API Gateway checks the shape, functions/bank-lines/input.ts every field.
    const objectModel = (name: string) =>
      this.api.addModel(name, { contentType: 'application/json', schema: { schema: JsonSchemaVersion.DRAFT4, title: name, type: JsonSchemaType.OBJECT } });
    const bankLines = new LambdaIntegration(this.bankLines);
    const bankLinesResource = this.api.root.addResource('bank-lines');
    const withBody = (model: string, pathParameter: string) => ({
      requestValidator: validator,
      requestModels: { 'application/json': objectModel(model) },
      requestParameters: { [`method.request.path.${pathParameter}`]: true },
    });
    this.reconcileMethods = [
      bankLinesResource.addResource('unmatched').addMethod('GET', bankLines, { requestValidator: validator }),
      bankLinesResource.addResource('{lineId}').addResource('assign').addMethod('POST', bankLines, withBody('AssignRequest', 'lineId')),
      this.api.root.addResource('customers').addResource('{customerId}').addResource('credit').addMethod('POST', bankLines, withBody('CreditUseRequest', 'customerId')),
    ];

    this.acknowledgeApiFindings();
  }

  /** Allows `grantee` to post events (execute-api:Invoke on `POST /events` of the deployed stage). */
  public grantRecordEvents(grantee: IGrantable): Grant {
    return this.recordEventMethod.grantExecute(grantee);
  }

  /** Allows `grantee` to work the unmatched queue and customers' credit (execute-api:Invoke on those three methods). */
  public grantReconcile(grantee: IGrantable): Grant[] {
    return this.reconcileMethods.map((method) => method.grantExecute(grantee));
  }

  private acknowledgeApiFindings(): void {
    Validations.of(this.api.deploymentStage).acknowledge({
      id: 'AwsSolutions-APIG3',
      reason:
        'Every method requires SigV4-signed requests of principals granted execute-api:Invoke, so API Gateway refuses anyone ' +
        'else before the function runs, and the stage is throttled; the callers are a few internal systems and staff, for ' +
        'whom a WAF web ACL would add cost and no rule we would use.',
    });
    for (const method of this.api.methods) {
      Validations.of(method).acknowledge({
        id: 'AwsSolutions-COG4',
        reason: 'The callers are finance systems and staff with AWS credentials: the method uses IAM authorization, not a Cognito user pool.',
      });
    }
  }
}
