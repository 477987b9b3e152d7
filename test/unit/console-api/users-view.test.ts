import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../functions/domain/intake';
import type { DirectoryUser } from '../../../functions/console-api/backend';
import { CognitoUserDirectory, UserDirectoryUnavailableError, type CognitoUserPoolApi } from '../../../functions/console-api/cognito-users';
import { readQuery } from '../../../functions/console-api/query';
import { assignableCollectors, assigneeRefusal, RoleRequest, roleChangeRefusal, USERS_QUERY, usersPage } from '../../../functions/console-api/users-view';

const users: DirectoryUser[] = [
  { name: 'vera@example.com', role: 'viewer', enabled: true },
  { name: 'ada@example.com', role: 'admin', enabled: true },
  { name: 'new@example.com', role: null, enabled: true },
  { name: 'colin@example.com', role: 'collector', enabled: false },
];

describe('usersPage', () => {
  it('lists the users by name, one page, and the newest role changes first', () => {
    const change = (id: string): AuditEntry => ({ id, at: `2026-03-2${id}T00:00:00.000Z`, action: 'role-changed', by: 'ada@example.com', detail: id });
    const page = usersPage(users, [change('1'), change('2')], readQuery(USERS_QUERY, new URLSearchParams('limit=2')));
    expect(page).toMatchObject({ total: 4, limit: 2, rows: [{ name: 'ada@example.com' }, { name: 'colin@example.com' }] });
    expect(page.changes.map((entry) => entry.id)).toEqual(['2', '1']);
  });
});

describe('role changes', () => {
  it('takes one of the four roles', () => {
    expect(RoleRequest.safeParse({ role: 'credit-manager' }).success).toBe(true);
    expect(RoleRequest.safeParse({ role: 'root' }).success).toBe(false);
  });

  it('refuses an admin their own admin role, whatever the case of the name, and nothing else', () => {
    const ada = { name: 'ada@example.com', role: 'admin' } as const;
    expect(roleChangeRefusal(ada, 'ADA@example.com', 'viewer')).toBe('ada@example.com cannot take away their own admin role: another admin does that');
    expect(roleChangeRefusal(ada, 'ada@example.com', 'admin')).toBeNull();
    expect(roleChangeRefusal(ada, 'vera@example.com', 'viewer')).toBeNull();
  });

  it('gives a call task only to a known, enabled user of a collector role or higher, and offers those alone', () => {
    expect(assigneeRefusal(users, 'Colin@example.com')).toBe('body.collector: colin@example.com is collector, disabled: a call task goes to a collector or higher');
    expect(assigneeRefusal(users, 'ada@example.com')).toBeNull();
    expect(assignableCollectors(users)).toEqual({ rows: [{ name: 'ada@example.com' }] });
    expect(assigneeRefusal(users, 'vera@example.com')).toBe('body.collector: vera@example.com is viewer: a call task goes to a collector or higher');
    expect(assigneeRefusal(users, 'new@example.com')).toBe('body.collector: new@example.com is in no role: a call task goes to a collector or higher');
    expect(assigneeRefusal(users, 'otto@example.com')).toBe('body.collector: no user otto@example.com');
  });
});

/**
 * A user pool as Cognito's API answers these four calls (two users a page): there is no Cognito
 * emulator, and the SDK's client package is not installed, so the adapter is read against this.
 */
class UserPool implements CognitoUserPoolApi {
  readonly groups = new Map<string, Set<string>>([
    ['u-1', new Set(['viewer', 'collector'])],
    ['u-2', new Set(['admin'])],
    ['u-3', new Set(['finance'])],
  ]);
  private readonly emails: Record<string, string> = { 'u-1': 'colin@example.com', 'u-2': 'ada@example.com', 'u-3': 'otto@example.com' };

  async listUsers({ PaginationToken }: { PaginationToken?: string }) {
    const all = Object.keys(this.emails);
    const from = Number(PaginationToken ?? 0);
    return {
      Users: all.slice(from, from + 2).map((id) => ({ Username: id, Enabled: id !== 'u-3', Attributes: [{ Name: 'sub', Value: id }, { Name: 'email', Value: this.emails[id] }] })),
      ...(from + 2 < all.length ? { PaginationToken: String(from + 2) } : {}),
    };
  }

  async adminListGroupsForUser({ Username }: { Username: string }) {
    return { Groups: [...this.groupsOf(Username)].map((GroupName) => ({ GroupName })) };
  }

  async adminAddUserToGroup({ Username, GroupName }: { Username: string; GroupName: string }) {
    this.groupsOf(Username).add(GroupName);
    return {};
  }

  async adminRemoveUserFromGroup({ Username, GroupName }: { Username: string; GroupName: string }) {
    this.groupsOf(Username).delete(GroupName);
    return {};
  }

  /** Cognito takes the e-mail for the user name where the pool signs in by e-mail. */
  private groupsOf(username: string): Set<string> {
    const id = Object.keys(this.emails).find((key) => key === username || this.emails[key] === username);
    const groups = id && this.groups.get(id);
    if (!groups) throw Object.assign(new Error('User does not exist.'), { name: 'UserNotFoundException' });
    return groups;
  }
}

describe('CognitoUserDirectory', () => {
  it('lists every user of the pool, page by page, by e-mail, in the highest role of their groups', async () => {
    expect(await new CognitoUserDirectory(new UserPool(), 'pool-1').list()).toEqual([
      { name: 'ada@example.com', role: 'admin', enabled: true },
      { name: 'colin@example.com', role: 'collector', enabled: true },
      { name: 'otto@example.com', role: null, enabled: false },
    ]);
  });

  it("puts a user into the role's group and out of the other roles' groups, leaving others alone, and says what role they had", async () => {
    const pool = new UserPool();
    const directory = new CognitoUserDirectory(pool, 'pool-1');
    expect(await directory.setRole('colin@example.com', 'credit-manager')).toEqual({ was: 'collector' });
    expect([...pool.groups.get('u-1')!]).toEqual(['credit-manager']);
    expect(await directory.setRole('otto@example.com', 'viewer')).toEqual({ was: null });
    expect([...pool.groups.get('u-3')!].sort()).toEqual(['finance', 'viewer']);
    expect(await directory.setRole('nobody@example.com', 'viewer')).toBeUndefined();
  });

  it('fails by name with the operation when the pool does not answer', async () => {
    const pool = new UserPool();
    pool.listUsers = async () => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
    };
    await expect(new CognitoUserDirectory(pool, 'pool-1').list()).rejects.toThrow(new UserDirectoryUnavailableError('pool-1', 'ListUsers'));
  });
});
