import { describe, expect, it } from 'vitest';
import { API_ROUTES, AWS_ROUTES, type RouteInfo } from '../../../functions/console-api/routes';
import { EVENT_ROLES, eventNeedOf, mayAct, roleOfGroups, ROLES, type Role } from '../../../functions/console-api/roles';
import { groupsOfClaim } from '../../../functions/console-api/input';

/** Whether a user of `role` may call the route at `method path` with `body`, as answer() decides before the route runs. */
function may(role: Role, method: 'GET' | 'POST', path: string, body?: unknown): boolean {
  const route = API_ROUTES.find((candidate) => candidate.method === method && candidate.pattern.test(path));
  if (!route) throw new Error(`no route ${method} ${path}`);
  return mayAct(role, route.needs) && (!route.needsFor || mayAct(role, route.needsFor(body).role));
}
const event = (type: string, extra: object = {}) => ({ invoice: { sellerKey: 'S', number: 'N' }, type, ...extra });
const changes: readonly RouteInfo[] = API_ROUTES.filter((route) => route.method === 'POST');

describe('the role table', () => {
  it('ranks the roles viewer, collector, credit-manager, admin, each allowed what the ones below it are', () => {
    expect(ROLES).toEqual(['viewer', 'collector', 'credit-manager', 'admin']);
    for (const [i, role] of ROLES.entries()) for (const [j, needed] of ROLES.entries()) expect(mayAct(role, needed), `${role} for ${needed}`).toBe(i >= j);
  });

  it("gives every route a role it needs and a name of its own, and every read to a viewer but who takes calls (a credit manager's) and the users' list (an admin's)", () => {
    for (const route of API_ROUTES) expect(ROLES, `${route.method} ${route.pattern}`).toContain(route.needs);
    expect(new Set(API_ROUTES.map((route) => route.name)).size).toBe(API_ROUTES.length);
    expect(API_ROUTES.filter((route) => route.method === 'GET' && route.needs !== 'viewer').map((route) => [route.name, route.needs])).toEqual([
      ['collectors', 'credit-manager'],
      ['users', 'admin'],
    ]);
  });

  it('names the least role of each route', () => {
    expect(Object.fromEntries(API_ROUTES.map((route) => [`${route.method} ${route.name}`, route.needs]))).toMatchObject({
      'GET invoices': 'viewer',
      'GET deliveries': 'viewer',
      'GET contact-tasks': 'viewer',
      'POST resolve-contact-task': 'collector',
      'GET disputes': 'viewer',
      'GET dispute-analytics': 'viewer',
      'GET quarantine': 'viewer',
      'GET quarantined-original': 'viewer',
      'POST release-file': 'credit-manager',
      'POST discard-file': 'credit-manager',
      'GET worklist': 'viewer',
      'POST assign-call-task': 'credit-manager',
      'GET users': 'admin',
      'POST user-role': 'admin',
    });
  });

  it('lets a viewer POST nothing: no change, and no event of any type', () => {
    expect(changes.filter((route) => mayAct('viewer', route.needs)).map((route) => route.name)).toEqual([]);
    for (const type of [...Object.keys(EVENT_ROLES), 'gift', undefined]) expect(may('viewer', 'POST', '/api/events', event(String(type))), String(type)).toBe(false);
  });

  it('lets a collector record a payment, a promise, a call outcome and a plan, but not change a limit or resolve a dispute', () => {
    for (const type of ['payment', 'promise', 'call-outcome', 'plan']) expect(may('collector', 'POST', '/api/events', event(type)), type).toBe(true);
    expect(ROLES.filter((role) => may(role, 'POST', '/api/contact-tasks/C-1%23ap%40c.example/resolve'))).toEqual(['collector', 'credit-manager', 'admin']);
    expect(may('collector', 'POST', '/api/customers/C-1/credit-limit')).toBe(false);
    expect(may('collector', 'POST', '/api/events', event('dispute-resolved', { outcome: 'rejected' }))).toBe(false);
    expect(may('collector', 'POST', '/api/events', event('dispute'))).toBe(false);
    expect(may('collector', 'POST', '/api/events', event('claims-waived', { reason: 'goodwill' }))).toBe(false);
    expect(may('collector', 'POST', '/api/bank/lines/L-1/assign')).toBe(false);
    expect(may('collector', 'POST', '/api/quarantine/F-1/discard')).toBe(false);
    expect(may('collector', 'POST', '/api/worklist/assign')).toBe(false);
  });

  it('lets a credit manager resolve a dispute, waive claims, change limits and terms, use credit, assign a bank line and release a quarantined file', () => {
    expect(may('credit-manager', 'POST', '/api/events', event('dispute-resolved', { outcome: 'upheld' }))).toBe(true);
    expect(may('credit-manager', 'POST', '/api/events', event('claims-waived'))).toBe(true);
    for (const path of ['/api/customers/C-1/credit-limit', '/api/customers/C-1/claim-terms', '/api/customers/C-1/credit', '/api/bank/lines/L-1/assign', '/api/quarantine/F-1/release', '/api/quarantine/F-1/discard', '/api/worklist/assign']) {
      expect(may('credit-manager', 'POST', path), path).toBe(true);
    }
  });

  it("lets only an admin change the settings, users' roles and drive the clock", () => {
    expect(ROLES.filter((role) => may(role, 'GET', '/api/users'))).toEqual(['admin']);
    for (const path of ['/api/settings', '/api/clock', '/api/users/vera%40example.com/role']) {
      expect(ROLES.filter((role) => may(role, 'POST', path)), path).toEqual(['admin']);
    }
  });

  it('asks the least role that records any event of a body naming no known type: the route refuses it as malformed after', () => {
    expect(eventNeedOf({ type: 'gift' })).toEqual({ role: 'collector', what: 'recording an event' });
    expect(eventNeedOf(null)).toEqual({ role: 'collector', what: 'recording an event' });
    expect(eventNeedOf({ type: 'toString' })).toEqual({ role: 'collector', what: 'recording an event' });
    expect(eventNeedOf({ type: 'dispute' })).toEqual({ role: 'credit-manager', what: 'recording a dispute event' });
  });

  it('serves in AWS every route but the local-only ones: the virtual clock, the portfolio history, the SES emulator', () => {
    expect(API_ROUTES.filter((route) => !AWS_ROUTES.includes(route as never)).map((route) => route.name)).toEqual(['clock', 'set-clock', 'history', 'emails']);
  });
});

describe('roles from user pool groups', () => {
  it('takes the highest role among the groups, and none from no known group', () => {
    expect(roleOfGroups(['viewer', 'credit-manager', 'collector'])).toBe('credit-manager');
    expect(roleOfGroups(['admin'])).toBe('admin');
    expect(roleOfGroups(['finance', 'Admin'])).toBeNull();
    expect(roleOfGroups([])).toBeNull();
  });

  it("reads the groups claim as API Gateway's JWT authorizer passes it, and as a token has it", () => {
    expect(groupsOfClaim('[collector viewer]')).toEqual(['collector', 'viewer']);
    expect(groupsOfClaim('[admin]')).toEqual(['admin']);
    expect(groupsOfClaim(['admin', 'viewer'])).toEqual(['admin', 'viewer']);
    expect(groupsOfClaim('viewer,collector')).toEqual(['viewer', 'collector']);
    expect(groupsOfClaim(undefined)).toEqual([]);
    expect(groupsOfClaim('[]')).toEqual([]);
  });
});
