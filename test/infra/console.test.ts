import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/adapters/ledger-schema';
import { CONSOLE_CSP } from '../../functions/console-api/http';
import { ROLES } from '../../functions/console-api/roles';
import { AWS_ROUTES } from '../../functions/console-api/routes';
import { CreditControlStack } from '../../lib/credit-control-stack';
import { cdkContext, synthesizeStack } from '../support/cdk';

const { stack, template, logicalId } = synthesizeStack();
const { console: web } = stack;
const refTo = (id: string) => ({ Ref: id });
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const only = <T,>(type: string, props?: object): T => {
  const found = Object.values(template.findResources(type, props ? { Properties: props } : undefined)) as T[];
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const siteId = logicalId(web.site);
const distributionId = logicalId(web.distribution);
const poolId = logicalId(web.userPool);
const clientId = logicalId(web.client);
const consoleUrl = stack.resolve(web.url);

interface Behavior {
  readonly PathPattern?: string;
  readonly ViewerProtocolPolicy: string;
  readonly ResponseHeadersPolicyId: unknown;
  readonly TargetOriginId: string;
  readonly AllowedMethods: string[];
  readonly CachePolicyId: string;
}
interface Origin {
  readonly Id: string;
  readonly DomainName: unknown;
  readonly OriginAccessControlId?: unknown;
  readonly S3OriginConfig?: { OriginAccessIdentity: string };
  readonly CustomOriginConfig?: { OriginProtocolPolicy: string; OriginSSLProtocols: string[] };
}
const distribution = () =>
  (template.toJSON().Resources[distributionId] as { Properties: { DistributionConfig: { DefaultCacheBehavior: Behavior; CacheBehaviors: Behavior[]; Origins: Origin[]; Logging?: unknown; ViewerCertificate?: unknown } } }).Properties
    .DistributionConfig;
const originOf = (behavior: Behavior): Origin => distribution().Origins.find((origin) => origin.Id === behavior.TargetOriginId)!;
/** CloudFront's managed cache policy that caches nothing. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

describe('the console site bucket', () => {
  it('is private, encrypted, refuses plain HTTP and logs its access', () => {
    expect(template.toJSON().Resources[siteId]).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { DestinationBucketName: refTo(logicalId(web.accessLogs)), LogFilePrefix: 'site/' },
      },
    });
  });

  it('lets only this distribution read it, through origin access control, and nothing else in', () => {
    const policy = only<{ Properties: { PolicyDocument: { Statement: { Effect: string; Principal: unknown; Action: unknown; Condition?: unknown }[] } } }>('AWS::S3::BucketPolicy', { Bucket: refTo(siteId) });
    const allowed = policy.Properties.PolicyDocument.Statement.filter((statement) => statement.Effect === 'Allow');
    expect(allowed).toEqual([
      expect.objectContaining({
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Condition: { StringEquals: { 'AWS:SourceArn': { 'Fn::Join': ['', ['arn:', refTo('AWS::Partition'), ':cloudfront::', refTo('AWS::AccountId'), ':distribution/', refTo(distributionId)]] } } },
      }),
    ]);
    const site = originOf(distribution().DefaultCacheBehavior);
    expect(site.DomainName).toEqual({ 'Fn::GetAtt': [siteId, 'RegionalDomainName'] });
    expect(site.OriginAccessControlId).toBeDefined();
    expect(site.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', { OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' } });
  });
});

describe('the console distribution', () => {
  it('redirects HTTP to HTTPS for the page and takes the API over HTTPS only, forwarded to API Gateway over TLS 1.2, uncached', () => {
    const { DefaultCacheBehavior, CacheBehaviors } = distribution();
    expect(DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] });
    expect(CacheBehaviors).toHaveLength(1);
    const [api] = CacheBehaviors;
    expect(api).toMatchObject({ PathPattern: '/api/*', ViewerProtocolPolicy: 'https-only', CachePolicyId: CACHING_DISABLED });
    expect(api!.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST']));
    expect(originOf(api!).CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(JSON.stringify(originOf(api!).DomainName)).toContain(logicalId(web.api));
    expect(distribution().Logging).toMatchObject({ Bucket: { 'Fn::GetAtt': [logicalId(web.accessLogs), 'RegionalDomainName'] }, Prefix: 'cloudfront/' });
  });

  it('sends the security headers with the page and the API: the console CSP (and the hosted UI for the token exchange), HSTS, nosniff, no framing, no referrer', () => {
    const headersId = logicalId(web.node.findChild('SecurityHeaders'));
    for (const behavior of [distribution().DefaultCacheBehavior, ...distribution().CacheBehaviors]) expect(behavior.ResponseHeadersPolicyId).toEqual(refTo(headersId));
    const policy = template.toJSON().Resources[headersId] as { Properties: { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: Record<string, unknown> } } };
    const headers = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const [before, after] = CONSOLE_CSP.split("connect-src 'self'");
    expect(headers.ContentSecurityPolicy).toEqual({
      ContentSecurityPolicy: { 'Fn::Join': ['', [`${before}connect-src 'self' https://`, refTo(logicalId(web.signInDomain)), '.auth.', refTo('AWS::Region'), `.amazoncognito.com${after}`]] },
      // The API's own wins: an original's download is sandboxed.
      Override: false,
    });
    expect(headers.StrictTransportSecurity).toEqual({ AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true, Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
  });

  it("uses CloudFront's name and certificate unless given a domain, and then takes TLS 1.2 at least", () => {
    expect(distribution().ViewerCertificate).toBeUndefined();
    const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } });
    const named = new CreditControlStack(app, 'Named', { consoleDomain: { name: 'console.example.com', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' } });
    const config = (Object.values(Template.fromStack(named).findResources('AWS::CloudFront::Distribution'))[0] as { Properties: { DistributionConfig: { Aliases: string[]; ViewerCertificate: unknown } } }).Properties.DistributionConfig;
    expect(config.Aliases).toEqual(['console.example.com']);
    expect(config.ViewerCertificate).toEqual({ AcmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc', MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
    expect(named.resolve(named.console.url)).toBe('https://console.example.com/');
  });
});

describe('the console API', () => {
  it('puts every route behind the JWT authorizer of the user pool, for ID tokens of the page client only', () => {
    const authorizerId = logicalId(web.node.findChild('HttpApi').node.findChild('Users'));
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as { Properties: { ApiId: unknown; AuthorizationType: string; AuthorizerId: unknown; RouteKey: string } }[];
    const consoleRoutes = routes.filter((route) => JSON.stringify(route.Properties.ApiId) === JSON.stringify(refTo(logicalId(web.api))));
    expect(consoleRoutes.map((route) => route.Properties.RouteKey)).toEqual(['ANY /api/{proxy+}']);
    // So every route of the table is behind it, each then checked in the function against the least role it names.
    for (const route of AWS_ROUTES) expect(route.pattern.source, route.name).toMatch(/^\^\\\/api\\\//);
    expect(AWS_ROUTES.map((route) => route.name)).toEqual(expect.arrayContaining(['deliveries', 'contact-tasks', 'resolve-contact-task', 'disputes', 'dispute-analytics', 'quarantined-original', 'discard-file', 'assign-call-task', 'collectors', 'users', 'user-role']));
    for (const route of consoleRoutes) expect(route.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: refTo(authorizerId) });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [refTo(clientId)], Issuer: { 'Fn::Join': ['', ['https://cognito-idp.', refTo('AWS::Region'), '.amazonaws.com/', refTo(poolId)]] } },
    });
  });

  it('is throttled and logs one line per request, without bodies', () => {
    const stage = only<{ Properties: { DefaultRouteSettings: unknown; AccessLogSettings: { DestinationArn: unknown; Format: string } } }>('AWS::ApiGatewayV2::Stage', { ApiId: refTo(logicalId(web.api)) });
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: 40, ThrottlingRateLimit: 20 });
    expect(stage.Properties.AccessLogSettings.DestinationArn).toEqual(arnOf(logicalId(web.apiAccessLogs)));
    expect(Object.keys(JSON.parse(stage.Properties.AccessLogSettings.Format) as object)).toEqual(expect.arrayContaining(['requestId', 'user', 'method', 'path', 'status']));
  });

  it("runs the console's function with the ledger, the documents bucket and the state machine it reads", () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          [ENV.ledgerTable]: refTo(logicalId(stack.ledger.table)),
          [ENV.documentsBucket]: refTo(logicalId(stack.intake.documents)),
          [ENV.stateMachineArn]: refTo(logicalId(stack.collections.stateMachine)),
          [ENV.userPoolId]: refTo(logicalId(stack.console.userPool)),
          POWERTOOLS_SERVICE_NAME: 'console-api',
        }),
      },
    });
  });

  it("lets the console's function read the pool's users and move them between groups, on that pool only", () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => (policy as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement,
    );
    const cognito = statements.filter((statement) => [statement.Action].flat().some((action) => action.startsWith('cognito-idp:')));
    expect(cognito).toEqual([
      expect.objectContaining({
        Action: ['cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminListGroupsForUser', 'cognito-idp:AdminRemoveUserFromGroup', 'cognito-idp:ListUsers'],
        Resource: { 'Fn::GetAtt': [logicalId(stack.console.userPool), 'Arn'] },
      }),
    ]);
  });
});

describe('the console user pool', () => {
  it('takes no self sign-up, signs in by e-mail, offers TOTP as optional MFA, asks strong passwords, and recovers accounts by e-mail', () => {
    expect(template.toJSON().Resources[poolId]).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        UsernameAttributes: ['email'],
        MfaConfiguration: 'OPTIONAL',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        Policies: { PasswordPolicy: { MinimumLength: 14, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      },
    });
  });

  it('has one group per role, named as the role', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')) as { Properties: { GroupName: string; UserPoolId: unknown } }[];
    expect(groups.map((group) => group.Properties.GroupName).sort()).toEqual([...ROLES].sort());
    for (const group of groups) expect(group.Properties.UserPoolId).toEqual(refTo(poolId));
  });

  it('has a hosted UI domain and a page client without a secret, authorization code flow only, coming back to the console', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { UserPoolId: refTo(poolId) });
    expect(template.toJSON().Resources[clientId]).toMatchObject({
      Properties: {
        GenerateSecret: false,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid', 'email'],
        CallbackURLs: [consoleUrl],
        LogoutURLs: [consoleUrl],
        SupportedIdentityProviders: ['COGNITO'],
        PreventUserExistenceErrors: 'ENABLED',
      },
    });
  });
});
