import type { DirectoryUser, UserDirectory } from './backend';
import { ROLES, roleOfGroups, type Role } from './roles';

/**
 * The slice of Cognito's user pool API the console's user directory uses, in the SDK's own
 * shapes: the aggregated `CognitoIdentityProvider` client of
 * `@aws-sdk/client-cognito-identity-provider` has these methods, so it is passed as it is.
 */
export interface CognitoUserPoolApi {
  listUsers(input: { UserPoolId: string; PaginationToken?: string }): Promise<{
    Users?: { Username?: string; Enabled?: boolean; Attributes?: { Name?: string; Value?: string }[] }[];
    PaginationToken?: string;
  }>;
  adminListGroupsForUser(input: { UserPoolId: string; Username: string; NextToken?: string }): Promise<{ Groups?: { GroupName?: string }[]; NextToken?: string }>;
  adminAddUserToGroup(input: { UserPoolId: string; Username: string; GroupName: string }): Promise<unknown>;
  adminRemoveUserFromGroup(input: { UserPoolId: string; Username: string; GroupName: string }): Promise<unknown>;
}

/** The user pool could not be read or changed. */
export class UserDirectoryUnavailableError extends Error {
  override readonly name = 'UserDirectoryUnavailableError';
  constructor(
    readonly userPoolId: string,
    readonly operation: string,
    options?: ErrorOptions,
  ) {
    super(`user pool ${userPoolId} failed on ${operation}`, options);
  }
}

/** Whether Cognito said there is no such user: a refusal, not a failure. */
const isUserNotFound = (err: unknown): boolean => err instanceof Error && err.name === 'UserNotFoundException';

/**
 * The console's users in a Cognito user pool: a role is membership of the group named as it is.
 * A user is named as the console's token names them: by e-mail (the pool signs in by e-mail, so
 * the admin calls take it as the user name), else by their user name.
 */
export class CognitoUserDirectory implements UserDirectory {
  constructor(
    private readonly pool: CognitoUserPoolApi,
    private readonly userPoolId: string,
  ) {}

  async list(): Promise<DirectoryUser[]> {
    const users: DirectoryUser[] = [];
    let token: string | undefined;
    do {
      const page = await this.call('ListUsers', () => this.pool.listUsers({ UserPoolId: this.userPoolId, ...(token ? { PaginationToken: token } : {}) }));
      for (const user of page.Users ?? []) {
        const name = user.Attributes?.find((attribute) => attribute.Name === 'email')?.Value ?? user.Username;
        if (!name || !user.Username) continue;
        users.push({ name, role: roleOfGroups(await this.groupsOf(user.Username)), enabled: user.Enabled ?? true });
      }
      token = page.PaginationToken;
    } while (token);
    return users.sort((a, b) => a.name.localeCompare(b.name));
  }

  async setRole(name: string, role: Role): Promise<{ readonly was: Role | null } | undefined> {
    let groups: string[];
    try {
      groups = await this.groupsOf(name);
    } catch (err) {
      if (isUserNotFound(err instanceof UserDirectoryUnavailableError ? err.cause : err)) return undefined;
      throw err;
    }
    const input = { UserPoolId: this.userPoolId, Username: name };
    // Into the new group first: a failure between the calls leaves the user in both, acting in the higher role, never in none.
    if (!groups.includes(role)) await this.call('AdminAddUserToGroup', () => this.pool.adminAddUserToGroup({ ...input, GroupName: role }));
    for (const other of ROLES.filter((known) => known !== role && groups.includes(known))) {
      await this.call('AdminRemoveUserFromGroup', () => this.pool.adminRemoveUserFromGroup({ ...input, GroupName: other }));
    }
    return { was: roleOfGroups(groups) };
  }

  private async groupsOf(username: string): Promise<string[]> {
    const groups: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.call('AdminListGroupsForUser', () => this.pool.adminListGroupsForUser({ UserPoolId: this.userPoolId, Username: username, ...(token ? { NextToken: token } : {}) }));
      groups.push(...(page.Groups ?? []).flatMap((group) => (group.GroupName ? [group.GroupName] : [])));
      token = page.NextToken;
    } while (token);
    return groups;
  }

  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw new UserDirectoryUnavailableError(this.userPoolId, operation, { cause: err });
    }
  }
}
