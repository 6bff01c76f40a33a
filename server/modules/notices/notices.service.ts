import type { TNotice, TSendNoticeRequest } from '../../../contracts/notices.ts';
import type { Database } from '../../db/index.ts';
import { Conflict, Forbidden, NotFound, ValidationError } from '../../http/errors.ts';
import { label } from '../../i18n.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { assertRole, mayCommand, type SessionUser } from '../auth/scope.ts';
import { findRegion } from '../regions/regions.repository.ts';
import { findResponse } from '../responses/responses.repository.ts';
import { acknowledge, findNotice, findReceipt, inbox, insertNotice, markRead, receipts, remindUnacknowledged, sentNotices, type NoticeRecord } from './notices.repository.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function present(n: NoticeRecord, receipt: { readAt: Date | null; acknowledgedAt: Date | null; remindedCount: number } | undefined): TNotice {
  return {
    id: n.id, title: n.title, body: n.body, links: n.links, sentAt: n.sentAt.toISOString(),
    receipt: receipt ? { readAt: iso(receipt.readAt), acknowledgedAt: iso(receipt.acknowledgedAt), remindedCount: receipt.remindedCount } : null,
  };
}

export function noticesService(database: Database, audit: AuditService) {
  const { db } = database;

  async function readable(user: SessionUser, id: number) {
    const notice = await findNotice(db, id);
    if (!notice) throw NotFound();
    const receipt = await findReceipt(db, id, user.id);
    if (!receipt && !mayCommand(user)) throw Forbidden();
    return { notice, receipt };
  }

  return {
    /** Sends a notice; its recipients are the accounts in the scope now, each with a receipt. */
    async send(actor: SessionUser, req: TSendNoticeRequest) {
      assertRole(actor, mayCommand);
      const s = req.scope;
      if (s.kind === 'region' && !(await findRegion(db, s.regionId))) throw ValidationError('unit_not_found', { unitType: label('town') });
      if (s.kind === 'response') {
        const response = await findResponse(db, s.responseId);
        if (!response) throw NotFound();
        // A closed response's posts have ended: a notice to its units would reach no one who still serves.
        if (response.status === 'closed') throw Conflict('notice_response_closed');
      }
      const { notice, recipients } = await database.transaction(async (tx) => {
        const sent = await insertNotice(tx.db, {
          title: req.title, body: req.body, links: req.links, scopeKind: s.kind, sentBy: actor.id,
          scopeRegionId: s.kind === 'region' ? s.regionId : null,
          scopeResponseId: s.kind === 'response' ? s.responseId : null,
          scopeRole: s.kind === 'role' ? s.role : null,
        });
        // A notice that reaches no one is a mistake in the scope: nothing is kept.
        if (sent.recipients === 0) throw ValidationError('notice_no_recipients');
        return sent;
      });
      await audit.record({ userId: actor.id, action: 'send_notice', subjectType: 'notice', subjectId: String(notice.id), details: { scope: s, recipients } });
      return { id: notice.id, recipients };
    },

    async list(user: SessionUser) {
      const received = (await inbox(db, user.id)).map((r) => present(r.notice, r));
      return { received, sent: mayCommand(user) ? await sentNotices(db) : [] };
    },

    /** Opens a notice; for a recipient this is the read receipt. */
    async open(user: SessionUser, id: number) {
      const { notice, receipt } = await readable(user, id);
      if (receipt && !receipt.readAt) await markRead(db, id, user.id);
      return present(notice, receipt ? await findReceipt(db, id, user.id) : undefined);
    },

    async acknowledge(user: SessionUser, id: number) {
      const { notice, receipt } = await readable(user, id);
      if (!receipt) throw Forbidden();
      return present(notice, await acknowledge(db, id, user.id));
    },

    /** Who has and has not read and acknowledged it; for the command. */
    async receipts(user: SessionUser, id: number) {
      assertRole(user, mayCommand);
      if (!(await findNotice(db, id))) throw NotFound();
      const items = (await receipts(db, id)).map((r) => ({ ...r, readAt: iso(r.readAt), acknowledgedAt: iso(r.acknowledgedAt) }));
      return { noticeId: id, items };
    },

    /** Reminds everyone who has not acknowledged yet; returns how many. */
    async remind(user: SessionUser, id: number) {
      assertRole(user, mayCommand);
      if (!(await findNotice(db, id))) throw NotFound();
      const reminded = await remindUnacknowledged(db, id);
      await audit.record({ userId: user.id, action: 'remind_notice', subjectType: 'notice', subjectId: String(id), details: { reminded } });
      return { reminded };
    },
  };
}
export type NoticesService = ReturnType<typeof noticesService>;
