import type { CognitoUserPoolApi } from '../../functions/console-api/cognito-users';

/**
 * A Cognito user pool in memory, answering the four calls the console's user directory makes in
 * the SDK's shapes, a page per user or group (so paging is exercised), and refusing an unknown
 * user as Cognito does (UserNotFoundException). There is no Cognito emulator to run locally.
 */
export class UserPoolInMemory implements CognitoUserPoolApi {
  private readonly groups = new Map<string, Set<string>>();

  constructor(users: Readonly<Record<string, readonly string[]>>) {
    for (const [name, groups] of Object.entries(users)) this.groups.set(name, new Set(groups));
  }

  groupsOf(name: string): string[] {
    return [...(this.groups.get(name) ?? [])].sort();
  }

  async listUsers({ PaginationToken }: { PaginationToken?: string }) {
    const names = [...this.groups.keys()];
    const at = PaginationToken ? Number(PaginationToken) : 0;
    const name = names[at]!;
    return {
      Users: [{ Username: `sub-${at}`, Enabled: true, Attributes: [{ Name: 'email', Value: name }] }],
      ...(at + 1 < names.length ? { PaginationToken: String(at + 1) } : {}),
    };
  }

  async adminListGroupsForUser({ Username, NextToken }: { Username: string; NextToken?: string }) {
    const groups = [...this.user(this.nameOf(Username))];
    const at = NextToken ? Number(NextToken) : 0;
    return { Groups: groups.slice(at, at + 1).map((GroupName) => ({ GroupName })), ...(at + 1 < groups.length ? { NextToken: String(at + 1) } : {}) };
  }

  async adminAddUserToGroup({ Username, GroupName }: { Username: string; GroupName: string }) {
    this.user(this.nameOf(Username)).add(GroupName);
    return {};
  }

  async adminRemoveUserFromGroup({ Username, GroupName }: { Username: string; GroupName: string }) {
    this.user(this.nameOf(Username)).delete(GroupName);
    return {};
  }

  /** The admin calls take an e-mail or the user's sub-N user name, as a pool signing in by e-mail does. */
  private nameOf(username: string): string {
    const match = /^sub-(\d+)$/.exec(username);
    return match ? [...this.groups.keys()][Number(match[1])]! : username;
  }

  private user(name: string): Set<string> {
    const groups = this.groups.get(name);
    if (!groups) throw Object.assign(new Error('User does not exist.'), { name: 'UserNotFoundException' });
    return groups;
  }
}
