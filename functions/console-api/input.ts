import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { parseJsonBody, RequestRefusedError, requireJson } from './http';
import { ROLES, roleOfGroups } from './roles';
import type { Caller } from './routes';

/**
 * A claim that lists groups as API Gateway's JWT authorizer passes it on: an array in the token
 * becomes the text `[admin viewer]`; a list written `a,b` or a single name is read too.
 * @example groupsOfClaim('[collector viewer]') // ['collector', 'viewer']
 */
export function groupsOfClaim(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/**
 * Who calls, from the ID token API Gateway has verified (issuer, audience, expiry): their e-mail
 * (else their user name) and the highest role among their groups. No claims is no sign-in (401);
 * no role is a user an admin has not put in a group yet (403).
 */
export function callerOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): Caller {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const name = claims?.email ?? claims?.['cognito:username'] ?? claims?.sub;
  if (!claims || name === undefined) throw new RequestRefusedError(401, 'sign in first: the request carries no verified token');
  const role = roleOfGroups(groupsOfClaim(claims['cognito:groups']));
  if (!role) throw new RequestRefusedError(403, `${String(name)} is in none of the console's groups (${ROLES.join(', ')}): an admin adds them to one`);
  return { user: { name: String(name), role } };
}

/** The JSON body of a change, as API Gateway passes it (base64 when it was not text). */
export function bodyOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): unknown {
  requireJson(event.headers['content-type']);
  const text = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return parseJsonBody(text);
}
