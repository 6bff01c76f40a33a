import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/index.ts';
import { regions, sessions, users } from '../../db/schema/index.ts';

export type UserRecord = typeof users.$inferSelect;
export type Role = UserRecord['role'];
export type NewUser = Pick<UserRecord, 'username' | 'displayName' | 'passwordHash' | 'role' | 'scopeRegionId'> & { personId?: number | null };

export async function insertUser(db: Db, user: NewUser) {
  const [row] = await db.insert(users).values(user).returning({ id: users.id });
  return row.id;
}

export async function updatePassword(db: Db, username: string, passwordHash: string) {
  const rows = await db.update(users).set({ passwordHash }).where(eq(users.username, username)).returning({ id: users.id });
  return rows.length > 0;
}

export async function findUserByUsername(db: Db, username: string) {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  return row;
}

export async function countUsers(db: Db) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row.n;
}

export async function insertSession(db: Db, tokenHash: string, userId: number, expiresAt: Date) {
  await db.insert(sessions).values({ tokenHash, userId, expiresAt });
}

/** The session's user with the path of their scope region, when the session is live. */
export async function findSessionUser(db: Db, tokenHash: string, now: Date) {
  const [row] = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      disabled: users.disabled,
      personId: users.personId,
      scopeRegionId: users.scopeRegionId,
      scopePath: regions.path,
      scopeName: regions.name,
      scopeLevel: regions.level,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(regions, eq(regions.id, users.scopeRegionId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)));
  return row;
}

export async function deleteSession(db: Db, tokenHash: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteExpiredSessions(db: Db, now: Date) {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

/** Links an account to the person it is (the demo seed links `captain` and `volunteer` to their team rows). */
export async function setUserPerson(db: Db, username: string, personId: number) {
  await db.update(users).set({ personId }).where(eq(users.username, username));
}
