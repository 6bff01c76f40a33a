import { maskPhone } from '../../../contracts/idcard.ts';
import type { TReportIn, TReportInRequest } from '../../../contracts/reportins.ts';
import type { Database } from '../../db/index.ts';
import { sqlState, UNIQUE_VIOLATION } from '../../db/bulk.ts';
import { Conflict, NotFound, ValidationError } from '../../http/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { assertInScope, type SessionUser } from '../auth/scope.ts';
import { findPerson } from '../people/people.repository.ts';
import { findRegion } from '../regions/regions.repository.ts';
import { assignReportIn, findReportIn, insertReportIn, listReportIns, type ReportInRecord } from './reportins.repository.ts';

type Post = TReportIn['posts'][number];
const present = (r: ReportInRecord, p: { name: string; phone: string | null; title: string | null }): TReportIn => ({
  id: r.id, personId: r.personId, name: p.name, title: p.title, phone: maskPhone(p.phone),
  posts: r.posts as Post[], timeSlots: r.timeSlots, reportedAt: r.reportedAt.toISOString(), assignedPost: (r.assignedPost as Post | null) ?? null,
});

/** 双报到 for party members: report in to the home community, be given a post there. */
export function reportInsService(database: Database, audit: AuditService) {
  const { db } = database;

  async function community(user: SessionUser | null, id: number) {
    const c = await findRegion(db, id);
    if (!c || c.level !== 'community') throw ValidationError('report_in_not_community');
    if (user) assertInScope(user, c.path);
    return c;
  }

  return {
    async reportIn(actor: SessionUser | null, req: TReportInRequest) {
      await community(actor, req.communityId);
      const person = await findPerson(db, req.personId);
      if (!person) throw ValidationError('person_not_found');
      if (!person.partyMember) throw ValidationError('not_party_member', { name: person.name });
      if (person.homeCommunityId !== req.communityId) throw ValidationError('not_home_community', { name: person.name });
      try {
        const row = await database.transaction(async (tx) => {
          const inserted = await insertReportIn(tx.db, { personId: req.personId, communityId: req.communityId, posts: [...new Set(req.posts)], timeSlots: req.timeSlots });
          await audit.record({ userId: actor?.id ?? null, action: 'report_in', subjectType: 'report_in', subjectId: String(inserted.id), details: { before: null, after: inserted } }, tx.db);
          return inserted;
        });
        return present(row, person);
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('already_reported_in', { name: person.name });
        throw err;
      }
    },

    async list(user: SessionUser, communityId: number) {
      await community(user, communityId);
      return (await listReportIns(db, communityId)).map((r) => present(r.reportIn, r));
    },

    /** The community gives a member one of the posts they offered; once. */
    async assign(actor: SessionUser, id: number, post: Post) {
      const before = await findReportIn(db, id);
      if (!before) throw NotFound();
      await community(actor, before.communityId);
      if (!before.posts.includes(post)) throw ValidationError('post_not_offered');
      const after = await database.transaction(async (tx) => {
        const row = await assignReportIn(tx.db, id, post, actor.id);
        if (!row) throw Conflict('report_in_assigned');
        await audit.record({ userId: actor.id, action: 'assign_report_in', subjectType: 'report_in', subjectId: String(id), details: { before, after: row } }, tx.db);
        return row;
      });
      const person = (await findPerson(db, after.personId))!;
      return present(after, person);
    },
  };
}
export type ReportInsService = ReturnType<typeof reportInsService>;
