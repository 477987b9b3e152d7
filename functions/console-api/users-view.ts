import { z } from 'zod';
import type { AuditEntry } from '../domain/intake';
import type { DirectoryUser } from './backend';
import { oneOf, pageOf, PAGE_PARAMETERS, type Page } from './query';
import { mayAct, ROLES, type ConsoleUser, type Role } from './roles';

/** What `GET /api/users` takes: the page. */
export const USERS_QUERY = { ...PAGE_PARAMETERS };
export type UsersQuery = z.output<z.ZodObject<typeof USERS_QUERY>>;

/** Role changes the users' page shows: the newest. */
export const MAX_ROLE_CHANGES_SHOWN = 50;

/** The users a request asks for, by name, and the latest role changes, newest first, each with who made it. */
export function usersPage(users: readonly DirectoryUser[], trail: readonly AuditEntry[], query: UsersQuery): Page<DirectoryUser> & { readonly changes: readonly AuditEntry[] } {
  const byName = [...users].sort((a, b) => a.name.localeCompare(b.name));
  return { ...pageOf(byName, query), changes: [...trail].reverse().slice(0, MAX_ROLE_CHANGES_SHOWN) };
}

/** An admin's change of a user's role. */
export const RoleRequest = z.strictObject({ role: oneOf(ROLES) });

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Why an admin may not give a user a role: their own admin role, which would leave them locked out of this page. */
export const roleChangeRefusal = (admin: ConsoleUser, name: string, role: Role): string | null =>
  sameName(admin.name, name) && role !== 'admin' ? `${admin.name} cannot take away their own admin role: another admin does that` : null;

/** Why a call task cannot be given to a user: unknown, or without a collector's role. */
export function assigneeRefusal(users: readonly DirectoryUser[], collector: string): string | null {
  const user = users.find((known) => sameName(known.name, collector));
  if (!user) return `body.collector: no user ${collector}`;
  if (!takesCalls(user)) return `body.collector: ${user.name} is ${user.role ?? 'in no role'}${user.enabled ? '' : ', disabled'}: a call task goes to a collector or higher`;
  return null;
}

/** Whether a call task may go to the user: enabled, a collector or higher. */
const takesCalls = (user: DirectoryUser): boolean => user.enabled && user.role !== null && mayAct(user.role, 'collector');

/** Who a credit manager may give a call task to, by name: what the worklist offers, never a name typed in. */
export const assignableCollectors = (users: readonly DirectoryUser[]): { readonly rows: { readonly name: string }[] } => ({
  rows: users.filter(takesCalls).map(({ name }) => ({ name })),
});
