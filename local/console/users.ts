import type { DirectoryUser, UserDirectory } from '../../functions/console-api/backend';
import type { ConsoleUser, Role } from '../../functions/console-api/roles';
import { DEV_USERS } from './sessions';

/**
 * The local console's users: the dev users, their roles as an admin changes them in the console,
 * kept in memory for the run (a restart of `npm start` gives each its own role back). A signed-in
 * page acts in its user's role of the moment, as a new token would in AWS.
 */
export class LocalUserDirectory implements UserDirectory {
  private readonly roles = new Map<string, Role>(DEV_USERS.map((user) => [user.name, user.role]));

  /** Every dev user in their role of the moment. */
  users(): ConsoleUser[] {
    return [...this.roles].map(([name, role]) => ({ name, role }));
  }

  /** The dev user of that name in their role of the moment; undefined for no such user. */
  user(name: string): ConsoleUser | undefined {
    const role = this.roles.get(name);
    return role ? { name, role } : undefined;
  }

  async list(): Promise<DirectoryUser[]> {
    return this.users().map((user) => ({ ...user, enabled: true }));
  }

  async setRole(name: string, role: Role): Promise<{ readonly was: Role | null } | undefined> {
    const was = this.roles.get(name);
    if (was === undefined) return undefined;
    this.roles.set(name, role);
    return { was };
  }
}
