import type { z } from 'zod';
import type { CollectionsEventSchema } from '../domain/policy';

/**
 * The console's roles, from the least to the most trusted: each may do what the ones before it
 * may, and more. `viewer` reads; `collector` works the worklist (call outcomes, promises,
 * payments, plans); `credit-manager` also decides disputes, limits, waivers, credit, the
 * quarantine and the unmatched-payments queue; `admin` also the settings and the clock.
 */
export const ROLES = ['viewer', 'collector', 'credit-manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Whether a user of `role` may do what needs `needed`. @example mayAct('credit-manager', 'collector') // true */
export const mayAct = (role: Role, needed: Role): boolean => ROLES.indexOf(role) >= ROLES.indexOf(needed);

/** The types of event a person records through the console (`POST /api/events`). */
export type ConsoleEventType = z.output<typeof CollectionsEventSchema>['type'];

/**
 * Who may record each event: what a collector hears on a call or sees paid, and what only a
 * credit manager decides (a dispute raised or resolved, claims waived, money taken back, the
 * agency's result). A new event type fails to compile until it is given its role here.
 */
export const EVENT_ROLES: Readonly<Record<ConsoleEventType, Role>> = {
  payment: 'collector',
  promise: 'collector',
  'call-outcome': 'collector',
  plan: 'collector',
  dispute: 'credit-manager',
  'dispute-resolved': 'credit-manager',
  'claims-waived': 'credit-manager',
  'payment-returned': 'credit-manager',
  'agency-result': 'credit-manager',
};

/**
 * The role recording the event a body asks for needs, and what it is in words; a body naming no
 * known type needs the least role that records any, and is refused as malformed after.
 */
export function eventNeedOf(body: unknown): { readonly role: Role; readonly what: string } {
  const type = typeof body === 'object' && body !== null && 'type' in body ? body.type : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(EVENT_ROLES, type)) return { role: 'collector', what: 'recording an event' };
  return { role: EVENT_ROLES[type as ConsoleEventType], what: `recording a ${type} event` };
}

/** Who is signed in: the name kept with every change they make, and their role. */
export interface ConsoleUser {
  readonly name: string;
  readonly role: Role;
}

/**
 * A user pool group's name as a role: the four groups are named as the roles are. A user in
 * several groups acts in the highest of their roles; one in none of them has no role (null).
 * @example roleOfGroups(['collector', 'viewer']) // 'collector'
 */
export function roleOfGroups(groups: readonly string[]): Role | null {
  const known = ROLES.filter((role) => groups.includes(role));
  return known.at(-1) ?? null;
}
