import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DefaultStackSynthesizer, Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { UserPoolClient, UserPoolDomain } from 'aws-cdk-lib/aws-cognito';
import { AccountRecovery, FeaturePlan, Mfa, OAuthScope, UserPool, UserPoolClientIdentityProvider } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { CONSOLE_CSP } from '../functions/console-api/http';
import { ROLES } from '../functions/console-api/roles';
import { ENV, PREFIX } from '../functions/adapters/ledger-schema';
import { bookingEnvironment, type BookingSettings } from './bank-statements';
import type { ICollectionsWorkflow } from './collections-workflow';
import { nagArnOf, ServiceFunction } from './service-function';

/** The page's files, as `npm start` serves them; the local sign-in page stays local. */
const STATIC_DIR = fileURLToPath(new URL('../local/console/static', import.meta.url));
const LOCAL_ONLY_FILES = ['sign-in.html', 'sign-in.js'];
/** Chart.js, as npm installed it: the page has no build step. */
const CHART_JS = fileURLToPath(new URL('./chart.umd.js', import.meta.resolve('chart.js')));

/** What each role's group is for, as the user pool's console shows it. */
const GROUP_DESCRIPTIONS: Readonly<Record<(typeof ROLES)[number], string>> = {
  viewer: 'Reads the console: invoices, customers, the bank, the analytics',
  collector: 'Also works the worklist: call outcomes, promises, payments, instalment plans',
  'credit-manager': 'Also disputes and their resolution, limits and terms, waivers, credit, the quarantine and the unmatched payments',
  admin: 'Also the settings (segments and policies)',
};

/** One line per API request in HTTP API's own variables: who (the token's e-mail), what, the answer; no bodies. */
const API_ACCESS_LOG = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  user: '$context.authorizer.claims.email',
  method: '$context.httpMethod',
  path: '$context.path',
  status: '$context.status',
  responseLength: '$context.responseLength',
  authorizerError: '$context.authorizer.error',
  integrationError: '$context.integrationErrorMessage',
};

export interface ConsoleProps {
  /** The ledger the console reads, and records changes in. */
  readonly ledger: ITable;
  /** The documents bucket: originals to download under `archive/`, quarantined files to put back where they came in. */
  readonly documents: IBucket;
  /** The collections runs: read for their history, woken and started by the events recorded. */
  readonly workflow: ICollectionsWorkflow;
  /** How a bank line a person assigns is booked: the statement function's settings. @default - the functions' own */
  readonly booking?: BookingSettings;
  /** A name of your own for the console, with its certificate (in us-east-1): then viewers need TLS 1.2 or later. @default - the distribution's cloudfront.net name, whose TLS floor CloudFront fixes */
  readonly domain?: { readonly name: string; readonly certificate: ICertificate };
  /** Steady-state requests per second across the console's API. @default 20 */
  readonly throttlingRateLimit?: number;
  /** Requests the API takes in a burst above the rate. @default 40 */
  readonly throttlingBurstLimit?: number;
}

/**
 * The web console in AWS. The page's files sit in a private bucket, read only by CloudFront
 * (origin access control); `/api/*` goes, through the same distribution so the page stays
 * same-origin, to an HTTP API whose JWT authorizer takes only ID tokens of the user pool's
 * console client, and on to one function serving the route table `npm start` serves. People are
 * made by an admin (no self sign-up) and put in one of four groups, one per role; they sign in
 * through the hosted UI (authorization code with PKCE).
 *
 * An HTTP API, not a REST API: its JWT authorizer checks Cognito's tokens (issuer, audience,
 * expiry) itself, it costs less and adds less latency, and the function reads the claims from the
 * request; a REST API's extras (request validation, usage plans, a WAF) would guard one proxy
 * route whose function validates every body anyway.
 */
export class Console extends Construct {
  /** The page's files. */
  public readonly site: Bucket;
  /** CloudFront's and the site bucket's access logs. */
  public readonly accessLogs: Bucket;
  public readonly distribution: Distribution;
  /** `https://<name>/`: the page, its sign-in callback and where sign-out returns. */
  public readonly url: string;
  public readonly userPool: UserPool;
  /** The page's app client: no secret, authorization code flow. */
  public readonly client: UserPoolClient;
  /** The hosted UI: `https://<prefix>.auth.<region>.amazoncognito.com`. */
  public readonly signInDomain: UserPoolDomain;
  public readonly api: HttpApi;
  public readonly stage: HttpStage;
  /** One line per API request: who, what, the answer's status; no bodies. */
  public readonly apiAccessLogs: LogGroup;
  /** Serves every `/api/*` request. */
  public readonly handler: ServiceFunction;

  /**
   * The commands that make the first admin (ADMIN_EMAIL replaced): Cognito e-mails a temporary
   * password, changed at the first sign-in; the admin group gives the role.
   */
  public get firstAdminCommand(): string {
    const pool = `--user-pool-id ${this.userPool.userPoolId} --username ADMIN_EMAIL`;
    return (
      `aws cognito-idp admin-create-user ${pool} --user-attributes Name=email,Value=ADMIN_EMAIL Name=email_verified,Value=true` +
      ` && aws cognito-idp admin-add-user-to-group ${pool} --group-name admin`
    );
  }

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // CloudFront's standard logs are delivered with an ACL: the bucket must take ACLs, owned by the bucket owner.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.site = new Bucket(this, 'Site', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 14, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const [precedence, role] of [...ROLES].reverse().entries()) {
      this.userPool.addGroup(`Group${role.replace(/(^|-)(\w)/g, (_m, _dash: string, letter: string) => letter.toUpperCase())}`, { groupName: role, description: GROUP_DESCRIPTIONS[role], precedence });
    }
    // Unique per stack: the hosted UI's prefix is global within a region.
    this.signInDomain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: Fn.join('-', ['credit-control', Fn.select(2, Fn.split('/', Stack.of(this).stackId))]) },
    });

    this.handler = new ServiceFunction(this, 'Api', {
      entry: 'functions/console-api/handler.ts',
      description: "The web console's API: reads the ledger, records people's changes as the signed-in user",
      environment: {
        [ENV.ledgerTable]: props.ledger.tableName,
        [ENV.documentsBucket]: props.documents.bucketName,
        [ENV.stateMachineArn]: props.workflow.stateMachineArn,
        [ENV.userPoolId]: this.userPool.userPoolId,
        ...bookingEnvironment(props.booking ?? {}),
      },
    });
    // An admin sets people's roles from the console: the pool's users and their groups, no more.
    this.userPool.grant(this.handler, 'cognito-idp:ListUsers', 'cognito-idp:AdminListGroupsForUser', 'cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminRemoveUserFromGroup');
    this.grantConsole(props);

    this.apiAccessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_MONTH });
    this.api = new HttpApi(this, 'HttpApi', { description: 'credit-control console API, behind the console distribution', createDefaultStage: false });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttlingRateLimit ?? 20, burstLimit: props.throttlingBurstLimit ?? 40 },
      accessLogSettings: { destination: new LogGroupLogDestination(this.apiAccessLogs), format: AccessLogFormat.custom(JSON.stringify(API_ACCESS_LOG)) },
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'credit-control console: the local console security headers, and HSTS',
      securityHeadersBehavior: {
        // The API sets the console's own (a download its sandbox); the page's files get this one,
        // which lets the page reach the hosted UI's token endpoint too.
        contentSecurityPolicy: { contentSecurityPolicy: CONSOLE_CSP.replace("connect-src 'self'", `connect-src 'self' ${this.signInDomain.baseUrl()}`), override: false },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
          { header: 'Cross-Origin-Resource-Policy', value: 'same-origin', override: true },
        ],
      },
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'credit-control console',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.site),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        // A staff console of a few files: always the deployed ones, and no invalidation to grant.
        cachePolicy: CachePolicy.CACHING_DISABLED,
        responseHeadersPolicy: headers,
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(Fn.select(2, Fn.split('/', this.api.apiEndpoint)), { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY, originSslProtocols: [OriginSslPolicy.TLS_V1_2] }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // The bearer token and the body's type reach the API; the Host header stays API Gateway's own.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
        },
      },
      ...(props.domain ? { domainNames: [props.domain.name], certificate: props.domain.certificate, minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021 } : {}),
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.accessLogs,
      logFilePrefix: 'cloudfront/',
    });
    this.url = `https://${props.domain?.name ?? this.distribution.distributionDomainName}/`;

    this.client = this.userPool.addClient('Page', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: { flows: { authorizationCodeGrant: true }, scopes: [OAuthScope.OPENID, OAuthScope.EMAIL], callbackUrls: [this.url], logoutUrls: [this.url] },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    const authorizer = new HttpUserPoolAuthorizer('Users', this.userPool, { userPoolClients: [this.client], identitySource: ['$request.header.Authorization'] });
    this.api.addRoutes({ path: '/api/{proxy+}', methods: [HttpMethod.ANY], integration: new HttpLambdaIntegration('Console', this.handler), authorizer });

    new BucketDeployment(this, 'Assets', {
      sources: [
        Source.asset(STATIC_DIR, { exclude: LOCAL_ONLY_FILES }),
        Source.data('vendor/chart.umd.js', readFileSync(CHART_JS, 'utf8')),
        // What the page asks first: sign in through the hosted UI, back to the console.
        Source.jsonData('sign-in.json', { kind: 'cognito', domain: this.signInDomain.baseUrl(), clientId: this.client.userPoolClientId, redirectUri: this.url, logoutUri: this.url }),
      ],
      destinationBucket: this.site,
      // Browsers ask again each time (a 304 while unchanged): a deployment's page is the one they run.
      cacheControl: [CacheControl.noCache()],
    });

    this.acknowledgeFindings(props);
  }

  /**
   * What the console's function may do: read and write the ledger (people's changes are items of
   * it), read originals under `archive/`, put a quarantined file back where it came in (read under
   * `quarantine/`, write under `inbox/` and `statements/`), read runs and wake or start them.
   */
  private grantConsole({ ledger, documents, workflow }: ConsoleProps): void {
    const fn = this.handler;
    ledger.grantReadWriteData(fn);
    documents.grantRead(fn, `${PREFIX.archive}*`);
    documents.grantRead(fn, `${PREFIX.quarantine}*`);
    documents.grantPut(fn, `${PREFIX.inbox}*`);
    documents.grantPut(fn, `${PREFIX.statements}*`);
    workflow.grantReadExecutions(fn);
    workflow.grantSignal(fn);
    workflow.grantStart(fn);
    const ledgerArn = nagArnOf(ledger);
    if (ledgerArn) fn.acknowledgeWildcards("The ledger's own indexes: the table grant extends to them, and no other table.", `Resource::${ledgerArn}/index/*`);
    const bucketArn = nagArnOf(documents);
    if (bucketArn) {
      fn.acknowledgeWildcards(
        "CDK's S3 grants, on the documents bucket only and on objects only under the prefixes the console works in: it reads originals " +
          'under archive/, copies a quarantined file under quarantine/ back to inbox/ or statements/.',
        'Action::s3:GetObject*',
        'Action::s3:GetBucket*',
        'Action::s3:List*',
        'Action::s3:Abort*',
        ...[PREFIX.archive, PREFIX.quarantine, PREFIX.inbox, PREFIX.statements].map((prefix) => `Resource::${bucketArn}/${prefix}*`),
      );
    }
  }

  private acknowledgeFindings(props: ConsoleProps): void {
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access log bucket: logging its own access would log every log delivery, without end.',
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG8',
        reason: 'The Essentials plan: the Plus plan sells threat protection (see COG3), which this small, admin-made pool goes without.',
      },
      {
        id: 'AwsSolutions-COG2',
        reason: 'MFA is optional with TOTP, as the project chose: staff enrol an authenticator at will; an admin can require it by making it REQUIRED.',
      },
      {
        id: 'AwsSolutions-COG3',
        reason: "Threat protection needs the Plus feature plan; the pool has a handful of admin-made users, no self sign-up, a 14-character policy and optional TOTP.",
      },
    );
    Validations.of(this.distribution).acknowledge(
      { id: 'AwsSolutions-CFR1', reason: 'The console is for staff wherever they work; sign-in, not geography, decides who gets in.' },
      { id: 'AwsSolutions-CFR2', reason: 'Every API request needs a user pool token, checked by API Gateway, and the stage is throttled; the page is static files.' },
      ...(props.domain
        ? []
        : [
            {
              id: 'AwsSolutions-CFR4',
              reason: "Without a domain of its own the distribution uses CloudFront's certificate, whose TLS floor CloudFront fixes; give the stack a domain and certificate (consoleDomainName, consoleCertificateArn) for TLS 1.2 at least.",
            },
          ]),
    );
    // CDK's own deployment-time function that copies the page's files into the bucket.
    const deployer = Stack.of(this).node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (deployer) {
      Validations.of(deployer).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: "CDK's own deployment-time function for BucketDeployment; it runs only on deployment and CDK gives its role this policy for its logs.",
        },
        ...[
          'Action::s3:GetObject*',
          'Action::s3:GetBucket*',
          'Action::s3:List*',
          'Action::s3:DeleteObject*',
          'Action::s3:Abort*',
          `Resource::${nagArnOf(this.site)}/*`,
          `Resource::arn:<AWS::Partition>:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-<AWS::Region>/*`,
        ].map((finding) => ({
          id: `AwsSolutions-IAM5[${finding}]`,
          reason: "CDK's BucketDeployment grants: read of the deployment's assets in the bootstrap bucket, and replacing the objects of the site bucket.",
        })),
        { id: 'AwsSolutions-L1', reason: "CDK's BucketDeployment picks its function's runtime; it runs only on deployment." },
      );
    }
  }
}
