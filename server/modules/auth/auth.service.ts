import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { Database } from '../../db/index.ts';
import { sqlState, UNIQUE_VIOLATION } from '../../db/bulk.ts';
import { BadCredentials, Conflict, Unauthenticated } from '../../http/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import {
  deleteExpiredSessions,
  deleteSession,
  findSessionUser,
  findUserByUsername,
  insertSession,
  insertUser,
  updatePassword,
  type NewUser,
} from './auth.repository.ts';
import type { SessionUser } from './scope.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
// OWASP's argon2id baseline (19 MiB, 2 passes): cheap enough for a 2-core laptop at login bursts.
const ARGON2 = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
// Verifying against this when the user does not exist keeps the timing the same as a wrong password.
let dummyHash: Promise<string> | undefined;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2);
}

export function authService(database: Database, audit: AuditService) {
  const { db } = database;
  return {
    async login(username: string, password: string) {
      const user = await findUserByUsername(db, username.trim().toLowerCase());
      const hash = user?.passwordHash ?? (await (dummyHash ??= hashPassword(randomBytes(16).toString('hex'))));
      const ok = await argon2.verify(hash, password).catch(() => false);
      if (!user || !ok || user.disabled) {
        await audit.record({ userId: user?.id ?? null, action: 'login_failed', subjectType: 'user', subjectId: username.slice(0, 64) });
        throw BadCredentials();
      }
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
      await insertSession(db, hashToken(token), user.id, expiresAt);
      await audit.record({ userId: user.id, action: 'login', subjectType: 'user', subjectId: String(user.id) });
      return { token, expiresAt };
    },

    async logout(token: string | undefined) {
      if (token) await deleteSession(db, hashToken(token));
    },

    /** The user behind a session cookie, or undefined when there is none or it has expired. */
    async resolve(token: string | undefined): Promise<SessionUser | undefined> {
      if (!token) return undefined;
      const row = await findSessionUser(db, hashToken(token), new Date());
      if (!row || row.disabled) return undefined;
      const { disabled: _disabled, ...user } = row;
      return user;
    },

    requireUser(user: SessionUser | undefined): SessionUser {
      if (!user) throw Unauthenticated();
      return user;
    },

    async createUser(input: Omit<NewUser, 'passwordHash'> & { password: string }) {
      const { password, ...rest } = input;
      const passwordHash = await hashPassword(password);
      try {
        return await insertUser(db, { ...rest, passwordHash });
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('username_taken', { username: input.username });
        throw err;
      }
    },

    async setPassword(username: string, password: string) {
      return updatePassword(db, username, await hashPassword(password));
    },

    pruneSessions: () => deleteExpiredSessions(db, new Date()),
  };
}
export type AuthService = ReturnType<typeof authService>;
