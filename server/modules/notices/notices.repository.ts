import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/index.ts';
import { noticeRecipients, notices, users } from '../../db/schema/index.ts';
import { zoneInForce } from '../zones/zones.repository.ts';

export type NoticeRecord = typeof notices.$inferSelect;
export type NewNotice = Pick<NoticeRecord, 'title' | 'body' | 'links' | 'scopeKind' | 'scopeRegionId' | 'scopeResponseId' | 'scopeRole' | 'sentBy'>;

/**
 * Saves a notice and its recipients, resolved from the scope now; returns the notice and how many.
 * 'orgs' reaches whoever holds a live post (secretary, deputy, member) in an open party organisation,
 * standing or temporary; 'response' reaches the posts of its command units and branches and the
 * rosters of the checkpoints of its areas still in force.
 */
export async function insertNotice(db: Db, n: NewNotice) {
  const [notice] = await db.insert(notices).values(n).returning();
  const recipients = await queryRows<{ n: number }>(db, sql`
    with target as (
      select u.id from users u join regions s on s.id = u.scope_region_id
      where not u.disabled and u.id is distinct from ${n.sentBy} and (
        ${n.scopeKind} = 'all'
        or (${n.scopeKind} = 'role' and u.role = ${n.scopeRole})
        or (${n.scopeKind} = 'region' and s.path like (select path from regions where id = ${n.scopeRegionId}) || '%')
        or (${n.scopeKind} = 'orgs' and exists (
          select 1 from assignments a join orgs o on o.id = a.unit_id
          where a.person_id = u.person_id and a.unit_type = 'org' and a.ends_at is null and o.closed_at is null))
        or (${n.scopeKind} = 'response' and exists (
          select 1 from assignments a
          where a.person_id = u.person_id and a.ends_at is null and (
            (a.unit_type = 'command_unit' and a.unit_id in (select id from command_units where response_id = ${n.scopeResponseId}))
            or (a.unit_type = 'org' and a.unit_id in (select id from orgs where response_id = ${n.scopeResponseId}))
            or (a.unit_type = 'checkpoint' and a.unit_id in (
              select k.id from checkpoints k join zones z on z.id = k.zone_id
              where z.response_id = ${n.scopeResponseId} and ${zoneInForce('z')}))
          )))
      )
    ), ins as (
      insert into notice_recipients (notice_id, user_id) select ${notice.id}, id from target returning 1
    )
    select count(*)::int as n from ins`);
  return { notice, recipients: recipients[0].n };
}

export async function findNotice(db: Db, id: number) {
  const [row] = await db.select().from(notices).where(eq(notices.id, id));
  return row;
}

export async function findReceipt(db: Db, noticeId: number, userId: number) {
  const [row] = await db.select().from(noticeRecipients).where(and(eq(noticeRecipients.noticeId, noticeId), eq(noticeRecipients.userId, userId)));
  return row;
}

export async function markRead(db: Db, noticeId: number, userId: number) {
  await db.update(noticeRecipients).set({ readAt: sql`now()` }).where(and(eq(noticeRecipients.noticeId, noticeId), eq(noticeRecipients.userId, userId), isNull(noticeRecipients.readAt)));
}

export async function acknowledge(db: Db, noticeId: number, userId: number) {
  const [row] = await db
    .update(noticeRecipients)
    .set({ readAt: sql`coalesce(${noticeRecipients.readAt}, now())`, acknowledgedAt: sql`coalesce(${noticeRecipients.acknowledgedAt}, now())` })
    .where(and(eq(noticeRecipients.noticeId, noticeId), eq(noticeRecipients.userId, userId)))
    .returning();
  return row;
}

/** Notices an account received, newest first, with its own receipt. */
export async function inbox(db: Db, userId: number) {
  return db
    .select({ notice: notices, readAt: noticeRecipients.readAt, acknowledgedAt: noticeRecipients.acknowledgedAt, remindedCount: noticeRecipients.remindedCount })
    .from(noticeRecipients)
    .innerJoin(notices, eq(notices.id, noticeRecipients.noticeId))
    .where(eq(noticeRecipients.userId, userId))
    .orderBy(desc(notices.sentAt), desc(notices.id));
}

/** Notices sent, with how many recipients have read and acknowledged each. */
export async function sentNotices(db: Db) {
  return queryRows<{ id: number; title: string; sentAt: string; recipients: number; read: number; acknowledged: number }>(db, sql`
    select n.id, n.title, to_char(n.sent_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "sentAt", count(r.user_id)::int as recipients,
           count(r.read_at)::int as read, count(r.acknowledged_at)::int as acknowledged
    from notices n left join notice_recipients r on r.notice_id = n.id
    group by n.id order by n.sent_at desc, n.id desc`);
}

export async function receipts(db: Db, noticeId: number) {
  return db
    .select({ userId: users.id, username: users.username, displayName: users.displayName, role: users.role, readAt: noticeRecipients.readAt, acknowledgedAt: noticeRecipients.acknowledgedAt, remindedCount: noticeRecipients.remindedCount })
    .from(noticeRecipients)
    .innerJoin(users, eq(users.id, noticeRecipients.userId))
    .where(eq(noticeRecipients.noticeId, noticeId))
    .orderBy(users.username);
}

/** Reminds every recipient who has not acknowledged; returns how many. */
export async function remindUnacknowledged(db: Db, noticeId: number) {
  const rows = await db
    .update(noticeRecipients)
    .set({ remindedCount: sql`${noticeRecipients.remindedCount} + 1`, lastRemindedAt: sql`now()` })
    .where(and(eq(noticeRecipients.noticeId, noticeId), isNull(noticeRecipients.acknowledgedAt)))
    .returning({ userId: noticeRecipients.userId });
  return rows.length;
}

/** Saves a notice addressed to named accounts (scope 'direct'), each with a receipt. */
export async function insertDirectNotice(db: Db, n: Pick<NoticeRecord, 'title' | 'body' | 'sentBy'>, userIds: readonly number[]) {
  const [notice] = await db.insert(notices).values({ ...n, scopeKind: 'direct' }).returning();
  if (userIds.length) await db.insert(noticeRecipients).values(userIds.map((userId) => ({ noticeId: notice.id, userId })));
  return notice;
}
