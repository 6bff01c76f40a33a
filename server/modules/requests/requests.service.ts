import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Locale } from '../../../contracts/common.ts';
import { maskPhone } from '../../../contracts/idcard.ts';
import {
  yuanToFen,
  fenToYuan,
  type TCareRound,
  type TCareVisitRequest,
  type THouseholdPage,
  type TIssueCodesRequest,
  type TPublicFileRequest,
  type TRequest,
  type TRequestList,
  type TStaffFileRequest,
} from '../../../contracts/requests.ts';
import type { Database, Db } from '../../db/index.ts';
import { sqlState, UNIQUE_VIOLATION } from '../../db/bulk.ts';
import { Conflict, Forbidden, NotFound, ValidationError } from '../../http/errors.ts';
import { label, t, type MessageKey } from '../../i18n.ts';
import { writeXlsx } from '../../lib/spreadsheet.ts';
import { fileStore, IMAGE_TYPES, type Upload } from '../../lib/uploads.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { inScope, mayCommand, type SessionUser } from '../auth/scope.ts';
import { activeResponseId } from '../responses/responses.repository.ts';
import {
  approveOverBudget,
  branchRegionPaths,
  buildingsFor,
  captainedTeams,
  careHouseholds,
  careResidents,
  claimRequests,
  commandOwner,
  countRequests,
  escalate,
  findBuildingRow,
  findCareVisitByClientId,
  findLiveCode,
  findPlace,
  findPlaceByDoor,
  findRequest,
  findHouseholdRequest,
  findRequestByClientId,
  findRequests,
  findZoneExists,
  firstResidentPhone,
  householdRequests,
  householdsOfBuildings,
  insertCareChecks,
  insertCareVisit,
  insertCodes,
  insertEvent,
  insertEvents,
  insertRequest,
  listRequests,
  liveCodeHolders,
  liveCodesOfBuilding,
  liveMembership,
  moveRequest,
  overdueRequests,
  listRequestEvents,
  residentsOfHousehold,
  revokeCodesOfBuilding,
  riskBuildings,
  routeTo,
  teamCaptain,
  type BuildingRow,
  type Place,
  type RequestKind,
  type RequestRow,
  type RequestSource,
  type RequestStatus,
} from './requests.repository.ts';
import { ageOn, DUE_MS, districtDay, maskName, nextStatuses, SECOND_ESCALATION_MS } from './rules.ts';

const CHECK_VIOLATION = '23514';
const DAY_MS = 24 * 3600_000;
/** The most requests one list carries (overdue and escalated first). */
export const LIST_LIMIT = 1000;

/** The constraint an error from either engine names, if any. */
function violated(err: unknown): string | undefined {
  for (let e = err as { constraint?: unknown; message?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.constraint === 'string') return e.constraint;
    const named = typeof e.message === 'string' ? /constraint "([a-z_]+)"/.exec(e.message) : null;
    if (named) return named[1];
  }
  return undefined;
}

/** A photo as the route received it. */
export type Photo = Upload;

/** Who the caller is to the requests: their team (as a member), the teams they captain. */
interface Standing {
  user: SessionUser;
  memberTeamId: number | null;
  squadRegionPath: string | null;
  captainOf: number[];
}

/** Roles that file for a household they pick: the grid worker, and the hotline at the command. */
const mayFileForHousehold = (u: SessionUser) => u.role === 'grid_worker' || mayCommand(u);
/** Roles that hand out household codes. */
const mayIssueCodes = (u: SessionUser) => u.role === 'grid_worker' || mayCommand(u);
/** Roles that look after requests in their area (they see and answer them). */
const AREA_ROLES = new Set(['admin', 'district_command', 'area_chief', 'grid_worker']);

export function requestsService(database: Database, audit: AuditService, now: () => Date, filesDir: string) {
  const { db } = database;
  const photos = fileStore(join(filesDir, 'requests'), IMAGE_TYPES, { type: 'photo_type', size: 'photo_size' });

  async function standing(user: SessionUser): Promise<Standing> {
    if (user.personId === null) return { user, memberTeamId: null, squadRegionPath: null, captainOf: [] };
    const [member, captainOf] = await Promise.all([liveMembership(db, user.personId), captainedTeams(db, user.personId)]);
    return { user, memberTeamId: member?.teamId ?? null, squadRegionPath: member?.squadRegionPath ?? null, captainOf };
  }

  const isCaptainOf = (s: Standing, r: RequestRow) => r.teamId !== null && s.captainOf.includes(r.teamId);
  const isClaimer = (s: Standing, r: RequestRow) => s.user.personId !== null && r.claimedBy === s.user.personId;
  const inArea = (s: Standing, r: RequestRow) => AREA_ROLES.has(s.user.role) && inScope(s.user, r.gridPath);

  function mayView(s: Standing, r: RequestRow) {
    return (
      inArea(s, r) ||
      isCaptainOf(s, r) ||
      isClaimer(s, r) ||
      (r.teamId !== null && s.memberTeamId === r.teamId) ||
      (s.user.personId !== null && r.ownerPersonId === s.user.personId)
    );
  }

  function may(s: Standing, r: RequestRow) {
    const next = nextStatuses(r.kind, r.status);
    const ownerOrArea = inArea(s, r) || isCaptainOf(s, r) || (s.user.personId !== null && r.ownerPersonId === s.user.personId);
    return {
      claim: next.includes('claimed') && s.user.personId !== null && r.teamId !== null && (s.memberTeamId === r.teamId || isCaptainOf(s, r)),
      buy: next.includes('bought') && isClaimer(s, r),
      deliver: next.includes('delivered') && isClaimer(s, r),
      answer: next.includes('answered') && (ownerOrArea || isClaimer(s, r)),
      approve: (r.kind === 'errand' || r.kind === 'medicine') && (r.status === 'open' || r.status === 'claimed') && r.overBudgetApprovedBy === null && (isCaptainOf(s, r) || (mayCommand(s.user) && inScope(s.user, r.gridPath))),
    };
  }

  /** The delivery needs the household's phone: the claimer's, and the team's while the request is open (to take it on). */
  const deliveryNeedsPhone = (s: Standing, r: RequestRow) => isClaimer(s, r) || r.status === 'open';
  /** Those who answer for the request may look the phone up on the request itself (audited), not on lists. */
  const mayLookUpPhone = (s: Standing, r: RequestRow) => inArea(s, r) || isCaptainOf(s, r) || (s.user.personId !== null && r.ownerPersonId === s.user.personId);

  function present(s: Standing, r: RequestRow, at: Date, fullPhone = deliveryNeedsPhone(s, r)): TRequest {
    const due = new Date(r.dueAt);
    const proofPhoto = r.deliveryProof?.startsWith('file:') ?? false;
    return {
      id: r.id,
      kind: r.kind,
      source: r.source,
      status: r.status,
      where: r.where,
      buildingId: r.buildingId,
      building: r.building,
      door: r.door,
      items: r.items,
      budgetFen: r.budgetFen,
      body: r.body,
      contactPhone: fullPhone ? r.contactPhone : maskPhone(r.contactPhone),
      team: r.team,
      owner: r.owner,
      claimedBy: r.claimer,
      dueAt: due.toISOString(),
      overdue: ['open', 'claimed', 'bought'].includes(r.status) && due < at,
      escalation: r.escalation,
      receiptFen: r.receiptFen,
      hasReceiptPhoto: r.receiptPhoto !== null,
      overBudgetApproved: r.overBudgetApprovedBy !== null,
      deliveryProof: proofPhoto ? null : r.deliveryProof,
      hasDeliveryPhoto: proofPhoto,
      answer: r.answer,
      createdAt: new Date(r.createdAt).toISOString(),
      may: may(s, r),
    };
  }

  async function requestFor(s: Standing, id: number) {
    const row = await findRequest(db, id);
    if (!row || !mayView(s, row)) throw NotFound();
    return row;
  }

  /**
   * Files a request in the caller's transaction: routed to the responsible team at once (an errand
   * squad of the area first, else a team of the area, the least loaded), owned by its captain, or by
   * the command post's commander when no team or captain is there. Never ownerless: with no owner
   * anywhere nothing is filed. A client id seen before returns the first filing.
   */
  async function fileIn(tx: Db, place: Place, input: TStaffFileRequest | TPublicFileRequest, filer: { userId: number | null; source: RequestSource }, at: Date) {
    const responseId = await activeResponseId(tx);
    const route = await routeTo(tx, place.gridPath);
    let owner = route ? await teamCaptain(tx, route.teamId) : null;
    if (owner === null) owner = await commandOwner(tx, responseId, place.gridPath);
    if (owner === null) throw ValidationError('request_no_owner');
    const contactPhone = input.contactPhone ?? (await firstResidentPhone(tx, place.householdId));
    const row = await insertRequest(tx, {
      clientId: input.clientId,
      responseId,
      kind: input.kind,
      source: filer.source,
      householdId: place.householdId,
      buildingId: place.buildingId,
      gridId: place.gridId,
      items: input.kind === 'errand' ? input.items : [],
      budgetFen: input.budgetYuan === undefined || input.kind === 'question' || input.kind === 'problem' ? null : yuanToFen(input.budgetYuan),
      body: input.body,
      contactPhone,
      filedBy: filer.userId,
      teamId: route?.teamId ?? null,
      squadId: route?.squadId ?? null,
      ownerPersonId: owner,
      dueAt: new Date(at.getTime() + DUE_MS[input.kind]),
      createdAt: at,
    });
    if (!row) {
      const first = await findRequestByClientId(tx, input.clientId);
      if (!first || first.householdId !== place.householdId) throw Conflict('request_client_id_reused');
      return { id: first.id, created: false };
    }
    await insertEvent(tx, { requestId: row.id, at, byUser: filer.userId, byHousehold: filer.source === 'household', fromStatus: null, toStatus: 'open', note: route ? null : 'no_team' });
    return { id: row.id, created: true };
  }

  /** The live code's household or building; anything else (wrong, expired, revoked) is the same 404. */
  async function codeTarget(code: string) {
    const found = code.length >= 22 && code.length <= 64 ? await findLiveCode(db, code, now()) : undefined;
    if (!found) throw NotFound();
    return found;
  }

  /** Moves a request along, writes its event, in one transaction; a stale move is a 409. */
  async function move(r: RequestRow, to: RequestStatus, set: Record<string, unknown>, by: { userId: number | null; household?: boolean }, note: string | null = null) {
    if (!nextStatuses(r.kind, r.status).includes(to)) throw ValidationError('request_transition', { from: label(`request_${r.status}`), to: label(`request_${to}`) });
    const at = now();
    try {
      return await database.transaction(async (tx) => {
        const row = await moveRequest(tx.db, r.id, r.status, { ...set, status: to });
        if (!row) throw Conflict('request_changed');
        await insertEvent(tx.db, { requestId: r.id, at, byUser: by.userId, byHousehold: by.household, fromStatus: r.status, toStatus: to, note });
        return row;
      });
    } catch (err) {
      // The budget CHECK is the last line: an approval withdrawn or a budget changed meanwhile.
      if (sqlState(err) === CHECK_VIOLATION && violated(err) === 'requests_budget_ck') throw ValidationError('request_over_budget', { budget: fenToYuan(r.budgetFen ?? 0) });
      throw err;
    }
  }

  /**
   * Paths the caller's home-care round covers: their scope, the area of their squad, and where their
   * temporary branch stands (the Lizhiyuan No. 37 branch works its own building).
   */
  async function carePaths(user: SessionUser) {
    const s = await standing(user);
    const branches = user.personId === null ? [] : await branchRegionPaths(db, user.personId);
    return [user.scopePath, ...(s.squadRegionPath ? [s.squadRegionPath] : []), ...branches];
  }

  async function careBuilding(user: SessionUser, buildingId: number) {
    const paths = await carePaths(user);
    const buildings = await riskBuildings(db, paths, now());
    const found = buildings.find((b) => b.id === buildingId);
    if (found) return found;
    const any = await findBuildingRow(db, buildingId);
    if (!any) throw NotFound();
    if (!paths.some((p) => any.gridPath.startsWith(p))) throw Forbidden();
    throw ValidationError('care_not_risk_area');
  }

  const service = {
    clock: now,
    /** Where uploaded photos live (under `requests/`). */
    filesDir,

    // ---- household codes ----

    /**
     * Issues codes for the households (or the buildings) of a building, a grid or a risk area.
     * A household or building that already holds a live code keeps it: printing twice hands out the same QR.
     */
    async issueCodes(actor: SessionUser, req: TIssueCodesRequest) {
      if (!mayIssueCodes(actor)) throw Forbidden();
      let buildings: BuildingRow[];
      if (req.buildingId) {
        const b = await findBuildingRow(db, req.buildingId);
        if (!b) throw NotFound();
        if (!inScope(actor, b.gridPath)) throw Forbidden();
        buildings = [b];
      } else if (req.gridId) {
        buildings = await buildingsFor(db, { gridId: req.gridId });
        if (buildings.some((b) => !inScope(actor, b.gridPath))) throw Forbidden();
      } else {
        if (!(await findZoneExists(db, req.zoneId!))) throw NotFound();
        // A grid worker hands out codes for the part of the area in their grid.
        buildings = (await buildingsFor(db, { zoneId: req.zoneId! })).filter((b) => inScope(actor, b.gridPath));
      }
      if (!buildings.length) throw ValidationError('codes_nothing_to_issue');
      const at = now();
      const buildingIds = buildings.map((b) => b.id);
      const holders = await liveCodeHolders(db, buildingIds, at);
      const expiresAt = new Date(at.getTime() + req.validDays * DAY_MS);
      const code = () => randomBytes(16).toString('base64url');
      let rows: Array<{ code: string; householdId: number | null; buildingId: number | null; expiresAt: Date }>;
      let kept: number;
      if (req.per === 'building') {
        const held = new Set(holders.map((h) => h.buildingId));
        rows = buildingIds.filter((id) => !held.has(id)).map((id) => ({ code: code(), householdId: null, buildingId: id, expiresAt }));
        kept = buildingIds.length - rows.length;
      } else {
        const held = new Set(holders.map((h) => h.householdId));
        const households = await householdsOfBuildings(db, buildingIds);
        rows = households.filter((h) => !held.has(h.id)).map((h) => ({ code: code(), householdId: h.id, buildingId: null, expiresAt }));
        kept = households.length - rows.length;
      }
      await database.transaction((tx) => insertCodes(tx.db, rows));
      await audit.record({ userId: actor.id, action: 'issue_household_codes', subjectType: 'building', subjectId: buildingIds.length === 1 ? String(buildingIds[0]) : null, details: { per: req.per, issued: rows.length, kept, buildingIds } });
      return { issued: rows.length, kept, buildingIds };
    },

    /** The printable sheet of a building: each door's live code, and the building's own. */
    async codeSheet(actor: SessionUser, buildingId: number) {
      if (!mayIssueCodes(actor)) throw Forbidden();
      const b = await findBuildingRow(db, buildingId);
      if (!b) throw NotFound();
      if (!inScope(actor, b.gridPath)) throw Forbidden();
      const [codes, households] = await Promise.all([liveCodesOfBuilding(db, buildingId, now()), householdsOfBuildings(db, [buildingId])]);
      const byHousehold = new Map(codes.filter((c) => c.householdId !== null).map((c) => [c.householdId!, c]));
      const own = codes.find((c) => c.buildingId !== null);
      await audit.record({ userId: actor.id, action: 'view_household_codes', subjectType: 'building', subjectId: String(buildingId), details: { codes: codes.length } });
      return {
        building: b.name,
        where: b.where,
        buildingCode: own ? { code: own.code, expiresAt: new Date(own.expiresAt).toISOString() } : null,
        doors: households.map((h) => {
          const c = byHousehold.get(h.id);
          return { householdId: h.id, door: h.door, code: c?.code ?? null, expiresAt: c ? new Date(c.expiresAt).toISOString() : null };
        }),
      };
    },

    /** Revokes every code of a building (a lost sheet): the QRs stop working at once. */
    async revokeCodes(actor: SessionUser, buildingId: number) {
      if (!mayIssueCodes(actor)) throw Forbidden();
      const b = await findBuildingRow(db, buildingId);
      if (!b) throw NotFound();
      if (!inScope(actor, b.gridPath)) throw Forbidden();
      const revoked = await revokeCodesOfBuilding(db, buildingId, now());
      await audit.record({ userId: actor.id, action: 'revoke_household_codes', subjectType: 'building', subjectId: String(buildingId), details: { revoked } });
      return { revoked };
    },

    // ---- the household's page (no account) ----

    async householdPage(code: string): Promise<THouseholdPage> {
      const target = await codeTarget(code);
      if (target.buildingId !== null) {
        const b = (await findBuildingRow(db, target.buildingId))!;
        return { kind: 'building', place: `${b.where} / ${b.name}`, door: null, requests: [] };
      }
      const place = (await findPlace(db, target.householdId!))!;
      const rows = await householdRequests(db, place.householdId);
      return {
        kind: 'household',
        place: `${place.where} / ${place.building}`,
        door: place.door,
        requests: rows.map((r) => ({ ...r, dueAt: new Date(r.dueAt).toISOString(), createdAt: new Date(r.createdAt).toISOString() })),
      };
    },

    /** A household files from its page; a building's code names the door too. */
    async fileByCode(code: string, req: TPublicFileRequest) {
      const target = await codeTarget(code);
      let place: Place | undefined;
      if (target.householdId !== null) place = await findPlace(db, target.householdId);
      else {
        if (!req.door) throw ValidationError('request_door_required');
        place = await findPlaceByDoor(db, target.buildingId!, req.door);
        if (!place) throw ValidationError('request_door_unknown', { door: req.door });
      }
      const at = now();
      const { id } = await database.transaction((tx) => fileIn(tx.db, place!, req, { userId: null, source: 'household' }, at));
      const row = (await findHouseholdRequest(db, id))!;
      return { ...row, dueAt: new Date(row.dueAt).toISOString(), createdAt: new Date(row.createdAt).toISOString() };
    },

    /** The household confirms a delivery on its page. */
    async confirmByCode(code: string, requestId: number) {
      const target = await codeTarget(code);
      const row = await findRequest(db, requestId);
      if (!row || target.householdId === null || row.householdId !== target.householdId) throw NotFound();
      if (row.status === 'confirmed') return { ok: true as const };
      await move(row, 'confirmed', { confirmedAt: now() }, { userId: null, household: true });
      return { ok: true as const };
    },

    // ---- staff ----

    /** A grid worker or the hotline files for a household they pick, inside their area. */
    async file(actor: SessionUser, req: TStaffFileRequest) {
      if (!mayFileForHousehold(actor)) throw Forbidden();
      let place: Place | undefined;
      if (req.householdId) place = await findPlace(db, req.householdId);
      else if (req.buildingId && req.door) place = await findPlaceByDoor(db, req.buildingId, req.door);
      else throw ValidationError('request_household_required');
      if (!place) throw ValidationError('request_household_unknown');
      if (!inScope(actor, place.gridPath)) throw ValidationError('request_out_of_area');
      const at = now();
      const source: RequestSource = actor.role === 'grid_worker' ? 'grid_worker' : 'hotline';
      const { id, created } = await database.transaction((tx) => fileIn(tx.db, place!, req, { userId: actor.id, source }, at));
      if (created) await audit.record({ userId: actor.id, action: 'file_request', subjectType: 'request', subjectId: String(id), details: { before: null, after: { kind: req.kind, householdId: place.householdId } } });
      return service.get(actor, id);
    },

    async get(actor: SessionUser, id: number) {
      const s = await standing(actor);
      const row = await requestFor(s, id);
      const events = await listRequestEvents(db, id);
      const fullPhone = deliveryNeedsPhone(s, row) || mayLookUpPhone(s, row);
      if (fullPhone && row.contactPhone && !deliveryNeedsPhone(s, row)) {
        await audit.record({ userId: actor.id, action: 'reveal_request_contact', subjectType: 'request', subjectId: String(id), details: { householdId: row.householdId } });
      }
      return { ...present(s, row, now(), fullPhone), events: events.map((e) => ({ ...e, at: new Date(e.at).toISOString() })) };
    },

    /**
     * The board: the caller's area, the teams they captain, their own team's requests (a volunteer
     * sees only those); overdue and escalated first. `mine` keeps a volunteer's phone list: the
     * team's open ones and those they claimed.
     */
    async list(actor: SessionUser, q: { status?: RequestStatus; kind?: RequestKind; mine?: boolean }): Promise<TRequestList> {
      const s = await standing(actor);
      const mine = q.mine || !AREA_ROLES.has(actor.role);
      const teamIds = [...new Set([...(s.memberTeamId !== null ? [s.memberTeamId] : []), ...s.captainOf])];
      const paths = mine ? [] : [actor.scopePath];
      const at = now();
      const filter = { paths, teamIds, personId: actor.personId, status: q.status, kind: q.kind };
      let rows = await listRequests(db, { ...filter, at, limit: LIST_LIMIT });
      if (q.mine) rows = rows.filter((r) => r.status === 'open' || isClaimer(s, r) || (isCaptainOf(s, r) && ['open', 'claimed', 'bought'].includes(r.status)));
      const items = rows.map((r) => present(s, r, at));
      const byStatus: Record<string, number> = {};
      if (q.mine) {
        for (const r of items) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
        return { items, total: items.length, byStatus, overdue: items.filter((r) => r.overdue).length };
      }
      // The list stops at LIST_LIMIT (overdue first); the counts cover everything.
      const counts = await countRequests(db, { ...filter, at });
      for (const c of counts) byStatus[c.status] = c.n;
      return { items, total: counts.reduce((a, c) => a + c.n, 0), byStatus, overdue: counts.reduce((a, c) => a + c.overdue, 0) };
    },

    /**
     * A volunteer claims one request or a building's bundle for one trip. One conditional update: of
     * two claims at once exactly one wins; a request someone else holds is refused by name.
     */
    async claim(actor: SessionUser, requestIds: number[]) {
      const s = await standing(actor);
      if (actor.personId === null) throw Forbidden();
      const ids = [...new Set(requestIds)];
      const rows = await findRequests(db, ids);
      if (rows.length !== ids.length || rows.some((r) => !mayView(s, r))) throw NotFound();
      if (rows.some((r) => !(r.teamId !== null && (s.memberTeamId === r.teamId || isCaptainOf(s, r))))) throw Forbidden();
      const at = now();
      const claimed = await database.transaction(async (tx) => {
        const won = await claimRequests(tx.db, ids, [...new Set([...(s.memberTeamId ? [s.memberTeamId] : []), ...s.captainOf])], actor.personId!, at);
        await insertEvents(tx.db, won.map((w) => ({ requestId: w.id, at, byUser: actor.id, fromStatus: 'open', toStatus: 'claimed' })));
        return won.map((w) => w.id);
      });
      if (claimed.length > 0) return { claimed };
      // Nothing won: a resend of the caller's own claim is fine; someone else's is refused by name.
      const now_ = await findRequests(db, ids);
      if (now_.every((r) => r.claimedBy === actor.personId)) return { claimed: ids };
      const taken = now_.find((r) => r.claimedBy !== null && r.claimedBy !== actor.personId);
      if (taken) throw Conflict('request_claimed_already', { name: taken.claimer ?? '' });
      throw ValidationError('request_transition', { from: label(`request_${now_[0].status}`), to: label('request_claimed') });
    },

    /** The claimer records the purchase: the receipt in yuan (kept in fen) and its photo. Over budget needs approval. */
    async buy(actor: SessionUser, id: number, req: { receiptYuan: number; photo?: Photo }) {
      const s = await standing(actor);
      const r = await requestFor(s, id);
      if (!isClaimer(s, r)) throw Forbidden();
      const receiptFen = yuanToFen(req.receiptYuan);
      // A phone resending the purchase it already recorded (the answer was lost) gets the request back.
      if (['bought', 'delivered', 'confirmed'].includes(r.status) && r.receiptFen === receiptFen) return service.get(actor, id);
      if (r.budgetFen !== null && receiptFen > r.budgetFen && r.overBudgetApprovedBy === null) throw ValidationError('request_over_budget', { budget: fenToYuan(r.budgetFen) });
      // A purchase is paid back on its receipt: the photo of it comes with the amount.
      if (!req.photo && (r.kind === 'errand' || r.kind === 'medicine')) throw ValidationError('request_receipt_photo_required');
      const photo = req.photo ? await photos.save(req.photo) : null;
      try {
        await move(r, 'bought', { receiptFen, receiptPhoto: photo, boughtAt: now() }, { userId: actor.id });
      } catch (err) {
        await photos.remove(photo);
        throw err;
      }
      return service.get(actor, id);
    },

    /** Delivered, with proof: a photo at the door, or a note (for a problem: what was done). */
    async deliver(actor: SessionUser, id: number, req: { note?: string; photo?: Photo }) {
      const s = await standing(actor);
      const r = await requestFor(s, id);
      if (!isClaimer(s, r)) throw Forbidden();
      if (!req.photo && !req.note) throw ValidationError('request_proof_required');
      // A resend of the delivery (the answer was lost) gets the request back; nothing is written twice.
      if (r.status === 'delivered' || r.status === 'confirmed') return service.get(actor, id);
      const photo = req.photo ? await photos.save(req.photo) : null;
      try {
        await move(r, 'delivered', { deliveryProof: photo ? `file:${photo}` : req.note!, deliveredAt: now() }, { userId: actor.id }, req.note ?? null);
      } catch (err) {
        await photos.remove(photo);
        throw err;
      }
      return service.get(actor, id);
    },

    /** A question gets its answer recorded on it: by the claimer, the owner, the captain or the area's staff. */
    async answer(actor: SessionUser, id: number, answer: string) {
      const s = await standing(actor);
      const r = await requestFor(s, id);
      if (r.kind !== 'question') throw ValidationError('request_transition', { from: label(`request_${r.status}`), to: label('request_answered') });
      if (r.status === 'answered' && r.answer === answer && mayView(s, r)) return service.get(actor, id);
      if (!may(s, r).answer) throw Forbidden();
      await move(r, 'answered', { answer, answeredBy: actor.id, answeredAt: now() }, { userId: actor.id });
      return service.get(actor, id);
    },

    /** The captain (or the command) lets an errand go over its budget. */
    async approveOverBudget(actor: SessionUser, id: number) {
      const s = await standing(actor);
      const r = await requestFor(s, id);
      const approver = isCaptainOf(s, r) || (mayCommand(s.user) && inScope(s.user, r.gridPath));
      // Approved already (a resend, or someone else a moment ago): nothing to do.
      if (approver && r.overBudgetApprovedBy !== null) return service.get(actor, id);
      if (!may(s, r).approve) throw Forbidden();
      const at = now();
      const approved = await database.transaction(async (tx) => {
        const row = await approveOverBudget(tx.db, id, actor.id);
        if (!row) return false;
        await insertEvent(tx.db, { requestId: id, at, byUser: actor.id, fromStatus: r.status, toStatus: r.status, note: 'over_budget_approved' });
        return true;
      });
      if (!approved && (await findRequest(db, id))?.overBudgetApprovedBy === null) throw Conflict('request_changed');
      return service.get(actor, id);
    },

    /** A receipt or delivery photo, for those who may see the request. */
    async photo(actor: SessionUser, id: number, which: 'receipt' | 'delivery') {
      const s = await standing(actor);
      const r = await requestFor(s, id);
      const name = which === 'receipt' ? r.receiptPhoto : r.deliveryProof?.startsWith('file:') ? r.deliveryProof.slice(5) : null;
      if (!name) throw NotFound();
      return photos.read(name);
    },

    /** The board as a spreadsheet for the command's briefing. */
    async exportXlsx(actor: SessionUser, q: { status?: RequestStatus; kind?: RequestKind }, locale: Locale) {
      const list = await service.list(actor, { ...q, mine: false });
      const en = locale === 'en';
      const headers = en
        ? ['No.', 'Kind', 'Status', 'Area', 'Building', 'Door', 'What', 'Budget (yuan)', 'Receipt (yuan)', 'Team', 'Owner', 'Claimed by', 'Due', 'Overdue', 'Escalation']
        : ['编号', '类型', '状态', '区域', '楼栋', '门牌号', '内容', '预算（元）', '小票（元）', '队伍', '负责人', '认领人', '办结时限', '超时', '升级'];
      const lbl = (k: string) => t(locale, `label_${k}` as MessageKey);
      const rows = list.items.map((r) => [
        String(r.id), lbl(`request_${r.kind}`), lbl(`request_${r.status}`), r.where, r.building, r.door,
        [r.items.map((i) => `${i.name}×${i.quantity}${i.unit}`).join('、'), r.body].filter(Boolean).join('；'),
        r.budgetFen === null ? '' : fenToYuan(r.budgetFen).toFixed(2), r.receiptFen === null ? '' : fenToYuan(r.receiptFen).toFixed(2),
        r.team ?? '', r.owner ?? '', r.claimedBy ?? '', r.dueAt.slice(0, 16).replace('T', ' ') + 'Z', r.overdue ? (en ? 'yes' : '是') : '', r.escalation ? String(r.escalation) : '',
      ]);
      const data = await writeXlsx([{ name: en ? 'Requests' : '诉求清单', columns: headers.map((header, i) => ({ header, text: i === 5, width: i === 6 ? 40 : i === 3 ? 28 : 12 })), rows }]);
      return { data, filename: en ? 'requests.xlsx' : '诉求清单.xlsx' };
    },

    /**
     * 逾期升级: past its due time a request goes to its team's captain (escalation 1); past a second
     * interval, to the command post's commander (2). Each escalation is an event. Run on a timer.
     */
    async escalateOverdue() {
      const at = now();
      const due = await overdueRequests(db, at, SECOND_ESCALATION_MS);
      let escalated = 0;
      for (const r of due) {
        const to = r.escalation + 1;
        const done = await database.transaction(async (tx) => {
          const owner = to === 1 ? (r.teamId !== null ? await teamCaptain(tx.db, r.teamId) : null) : await commandOwner(tx.db, r.responseId, r.gridPath);
          const row = await escalate(tx.db, r.id, r.escalation, to, owner);
          if (!row) return false;
          await insertEvent(tx.db, { requestId: r.id, at, byUser: null, fromStatus: row.status, toStatus: row.status, note: `escalation_${to}` });
          return true;
        });
        if (done) escalated++;
      }
      return { escalated };
    },

    // ---- home care ----

    /** The day's round: the risk-area buildings the caller covers, and one building's households. */
    async careRound(actor: SessionUser, q: { buildingId?: number }): Promise<TCareRound> {
      const at = now();
      const day = districtDay(at);
      const buildings = await riskBuildings(db, await carePaths(actor), at);
      const chosen = q.buildingId ? await careBuilding(actor, q.buildingId) : buildings[0];
      if (!chosen) return { date: day, buildings: [], buildingId: null, households: [] };
      const [households, people] = await Promise.all([careHouseholds(db, chosen.id, day), careResidents(db, chosen.id, day)]);
      return {
        date: day,
        buildings: buildings.map((b) => ({ id: b.id, name: b.name, where: b.where })),
        buildingId: chosen.id,
        households: households.map((h) => ({
          householdId: h.householdId,
          door: h.door,
          visited: h.visitId !== null,
          mealsDelivered: h.mealsDelivered ?? false,
          suppliesDelivered: h.suppliesDelivered ?? false,
          openRequests: h.openRequests,
          people: people
            .filter((p) => p.householdId === h.householdId)
            .map((p) => ({ residentId: p.residentId, name: maskName(p.name), age: ageOn(p.birthDate, day), specialGroups: p.specialGroups, condition: p.condition, medicineShort: p.medicineShort ?? false, needs: p.needs })),
        })),
      };
    },

    /**
     * Records today's visit to a household and each person's check. Anything urgent (flagged, a
     * fever, medicine running out) becomes a request with an owner in the same transaction.
     * Idempotent by the visit's client id.
     */
    async recordCareVisit(actor: SessionUser, req: TCareVisitRequest, locale: Locale = 'zh-CN') {
      const place = await findPlace(db, req.householdId);
      if (!place) throw NotFound();
      await careBuilding(actor, place.buildingId);
      const members = new Set((await residentsOfHousehold(db, place.householdId)).map((r) => r.id));
      if (req.checks.some((c) => !members.has(c.residentId))) throw ValidationError('care_resident_not_household');
      if (new Set(req.checks.map((c) => c.residentId)).size !== req.checks.length) throw ValidationError('care_resident_twice');
      const at = now();
      try {
        return await database.transaction(async (tx) => {
          const visit = await insertCareVisit(tx.db, {
            clientId: req.clientId, householdId: place.householdId, visitDate: districtDay(at), mealsDelivered: req.mealsDelivered,
            suppliesDelivered: req.suppliesDelivered, note: req.note ?? null, visitedBy: actor.personId, recordedBy: actor.id, recordedAt: at,
          });
          if (!visit) {
            const first = await findCareVisitByClientId(tx.db, req.clientId);
            if (!first || first.householdId !== place.householdId) throw Conflict('request_client_id_reused');
            return { visitId: first.id, requestIds: first.requestIds };
          }
          const checks = [];
          const requestIds: number[] = [];
          for (const c of req.checks) {
            const urgent = c.urgent || c.condition === 'fever' || c.medicineShort;
            let requestId: number | null = null;
            if (urgent) {
              const body = [t(locale, `label_care_${c.condition}` as MessageKey), c.medicineShort ? t(locale, 'label_care_medicine_short') : '', c.needs ?? ''].filter(Boolean).join('；');
              const filed = await fileIn(tx.db, place, { clientId: randomUUID(), kind: c.medicineShort ? 'medicine' : 'problem', items: [], body, contactPhone: undefined }, { userId: actor.id, source: 'care_check' }, at);
              requestId = filed.id;
              requestIds.push(filed.id);
            }
            checks.push({ visitId: visit.id, residentId: c.residentId, condition: c.condition, medicineShort: c.medicineShort, needs: c.needs ?? null, urgent, requestId });
          }
          await insertCareChecks(tx.db, checks);
          return { visitId: visit.id, requestIds };
        });
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('care_visit_recorded', { door: place.door });
        throw err;
      }
    },
  };
  return service;
}

export type RequestsService = ReturnType<typeof requestsService>;
