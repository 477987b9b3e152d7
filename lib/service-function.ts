import { basename, dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct, IConstruct } from 'constructs';

/** The repository root: entries are named from here, whatever directory `cdk` or the tests run in. */
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ServiceFunctionProps {
  /** The handler's source file, relative to the repository root. @example 'functions/ingest-invoice/handler.ts' */
  readonly entry: string;
  /** Powertools' service name (logs, traces, metrics). @default - the entry's folder name, e.g. 'ingest-invoice' */
  readonly serviceName?: string;
  /** What the function is for, shown in the console. @default - no description */
  readonly description?: string;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** Variables besides Powertools' and Node's, which this construct sets. @default - none */
  readonly environment?: Record<string, string>;
  /** How long the function's logs are kept. @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** At most this many invocations at once, reserved from the account's pool. @default - unreserved */
  readonly reservedConcurrentExecutions?: number;
}

/**
 * Every Lambda of the project: Node.js 22 on arm64, X-Ray tracing, JSON logs in a log group of its
 * own with a retention, bundled by the local esbuild into one ESM file with source maps.
 */
export class ServiceFunction extends NodejsFunction {
  /** The function's own role: its log group, X-Ray, and what the caller grants. */
  public readonly executionRole: Role;
  /** Powertools' service name: the `service` dimension of the metrics the handler publishes. */
  public readonly serviceName: string;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    const entry = isAbsolute(props.entry) ? props.entry : join(PROJECT_ROOT, props.entry);
    const serviceName = props.serviceName ?? basename(dirname(entry));
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: props.logRetention ?? RetentionDays.ONE_MONTH });
    // An own role instead of AWSLambdaBasicExecutionRole: it may write to this log group only.
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    super(scope, id, {
      entry,
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: serviceName,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        // Prefer ESM builds: the code is ESM, and unpdf's pdf.js reads import.meta.
        mainFields: ['module', 'main'],
        // The SDK is bundled too: the version the tests ran against, not the runtime's.
        externalModules: [],
        // CommonJS dependencies bundled into ESM still call require(); give them one.
        banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });
    this.executionRole = role;
    this.serviceName = serviceName;
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Node.js 22 is the runtime the code, its bundle target and its tests are made for; a newer one is adopted deliberately.',
    });
    // Safe to acknowledge for the whole role: test/infra/least-privilege.test.ts allows Resource '*' to X-Ray actions only.
    this.acknowledgeWildcards('X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions.', 'Resource::*');
  }

  /**
   * Acknowledges cdk-nag's AwsSolutions-IAM5 findings on this function's policy one by one: the
   * wildcards CDK's grants write, each with the reason it is no wider than the function needs.
   * @example ingest.acknowledgeWildcards('objects under inbox/ only', 'Action::s3:GetObject*', `Resource::${nagArnOf(bucket)}/inbox/*`)
   */
  public acknowledgeWildcards(reason: string, ...findings: string[]): void {
    for (const finding of findings) Validations.of(this.executionRole).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }
}

/**
 * How cdk-nag names the ARN of a resource defined in this app, e.g. `<LedgerTable9343E4AA.Arn>`;
 * undefined for an imported one, whose findings then stay visible.
 */
export function nagArnOf(resource: IConstruct): string | undefined {
  const cfn = resource.node.defaultChild;
  return cfn && CfnElement.isCfnElement(cfn) ? `<${Stack.of(cfn).getLogicalId(cfn)}.Arn>` : undefined;
}
