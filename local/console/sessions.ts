import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ConsoleUser } from '../../functions/console-api/roles';

/**
 * The local console's users, one per role, without passwords: `npm start` listens on loopback
 * only, for the person at this machine, who picks a role to try the console as. Never a sign-in
 * for a shared machine; in AWS people sign in through the user pool.
 */
export const DEV_USERS: readonly ConsoleUser[] = [
  { name: 'viewer@local', role: 'viewer' },
  { name: 'collector@local', role: 'collector' },
  { name: 'manager@local', role: 'credit-manager' },
  { name: 'admin@local', role: 'admin' },
];

/** The cookie a signed-in page sends back: a random id, nothing else. */
export const SESSION_COOKIE = 'cc_session';

/** A signed-in page: its user, and the token its changes must carry in `X-CSRF-Token`, which another origin cannot read. */
export interface Session {
  readonly id: string;
  readonly user: ConsoleUser;
  readonly csrfToken: string;
}

/** Sessions kept at most: each sign-in opens one, and a page signed in long ago gives way to a new one. */
const MAX_SESSIONS = 64;

const randomToken = (): string => randomBytes(32).toString('base64url');

/**
 * `Set-Cookie` for a session: only the server reads it (HttpOnly), only this origin's own pages
 * send it (SameSite=Strict), for every path. Not `Secure`: the console is plain HTTP on loopback.
 */
export const sessionCookie = (id: string): string => `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/`;
/** `Set-Cookie` that ends the session in the browser. */
export const CLEARED_COOKIE = `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;

const cookieOf = (headers: IncomingHttpHeaders, name: string): string | undefined =>
  headers.cookie
    ?.split(';')
    .map((pair) => pair.trim())
    .find((pair) => pair.startsWith(`${name}=`))
    ?.slice(name.length + 1);

/** The console's sessions, in memory: a restart of `npm start` signs everyone out. */
export class Sessions {
  private readonly byId = new Map<string, Session>();

  /** Signs a user in: a new session with ids of its own. */
  open(user: ConsoleUser): Session {
    const session = { id: randomToken(), user, csrfToken: randomToken() };
    this.byId.set(session.id, session);
    for (const oldest of this.byId.keys()) {
      if (this.byId.size <= MAX_SESSIONS) break;
      this.byId.delete(oldest);
    }
    return session;
  }

  /** The session a request's cookie names, if it is one of ours. */
  of(headers: IncomingHttpHeaders): Session | undefined {
    const id = cookieOf(headers, SESSION_COOKIE);
    return id ? this.byId.get(id) : undefined;
  }

  close(session: Session): void {
    this.byId.delete(session.id);
  }
}
