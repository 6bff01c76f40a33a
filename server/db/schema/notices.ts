import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { responses } from './command.ts';
import { regions } from './regions.ts';

/** 通知: a notice from the command to a scope of accounts, with read receipts. */
export const notices = pgTable(
  'notices',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** Attachments as links: [{ title, url }]. */
    links: jsonb('links').$type<Array<{ title: string; url: string }>>().notNull().default(sql`'[]'::jsonb`),
    /**
     * 'orgs': the post-holders (secretaries, deputies, members) of every open party organisation.
     * 'direct': addressed to named accounts (a redeployment's people), its recipients listed when sent.
     */
    scopeKind: text('scope_kind', { enum: ['all', 'orgs', 'region', 'response', 'role', 'direct'] }).notNull(),
    scopeRegionId: integer('scope_region_id').references(() => regions.id),
    scopeResponseId: integer('scope_response_id').references(() => responses.id),
    scopeRole: text('scope_role'),
    sentBy: integer('sent_by').references(() => users.id),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('notices_scope_ck', sql`${t.scopeKind} in ('all','orgs','region','response','role','direct')`),
    check(
      'notices_scope_target_ck',
      sql`(${t.scopeKind} = 'region') = (${t.scopeRegionId} is not null) and (${t.scopeKind} = 'response') = (${t.scopeResponseId} is not null) and (${t.scopeKind} = 'role') = (${t.scopeRole} is not null)`,
    ),
  ],
);

/** One row per recipient, made when the notice is sent: who has read and acknowledged it. */
export const noticeRecipients = pgTable(
  'notice_recipients',
  {
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    readAt: timestamp('read_at', { withTimezone: true }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    remindedCount: integer('reminded_count').notNull().default(0),
    lastRemindedAt: timestamp('last_reminded_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.userId] }), index('notice_recipients_user_idx').on(t.userId), check('notice_recipients_ack_ck', sql`${t.acknowledgedAt} is null or ${t.readAt} is not null`)],
);
