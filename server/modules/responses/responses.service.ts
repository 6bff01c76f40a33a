import type { Locale } from '../../../contracts/common.ts';
import type { TDeclareResponseRequest, TGapsReport, TResponseSummary, TResponseTree } from '../../../contracts/responses.ts';
import type { Database } from '../../db/index.ts';
import { sqlState, UNIQUE_VIOLATION } from '../../db/bulk.ts';
import { Conflict, NotFound, ValidationError } from '../../http/errors.ts';
import { t, type MessageKey } from '../../i18n.ts';
import type { AssignmentsService } from '../assignments/assignments.service.ts';
import { orgForm } from '../assignments/assignment-rules.ts';
import { endUnitAssignments } from '../assignments/assignments.repository.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { assertRole, inScope, mayCommand, type SessionUser } from '../auth/scope.ts';
import { attachedPlaces, closeResponseOrgs, insertOrg, listOrgs, memberCounts } from '../orgs/orgs.repository.ts';
import { findRoot, listByIds } from '../regions/regions.repository.ts';
import { regionNamer } from '../regions/regions.service.ts';
import { findTeamGaps } from '../teams/teams.repository.ts';
import { shiftAt } from '../points/shift.ts';
import { liftZones, listSchemes } from '../zones/zones.repository.ts';
import {
  checkpointIdsOfResponse,
  closeResponse,
  findGaps,
  findResponse,
  insertCommandUnit,
  insertResponse,
  listCommandUnits,
  listResponses,
  lockResponse,
  type ResponseRecord,
} from './responses.repository.ts';

const summary = (r: ResponseRecord): TResponseSummary => ({ id: r.id, code: r.code, name: r.name, startedOn: r.startedOn, status: r.status, zoneScheme: r.zoneScheme });

export function responsesService(database: Database, audit: AuditService, assignments: AssignmentsService, clock: () => Date = () => new Date()) {
  const { db } = database;

  async function activeResponse(id: number) {
    const r = await findResponse(db, id);
    if (!r) throw NotFound();
    return r;
  }

  return {
    /**
     * Declares an outbreak response and sets up its command system in one transaction:
     * the district command, one frontline command post per locked-down town, and a temporary
     * party branch at each post.
     */
    async declare(actor: SessionUser | null, req: TDeclareResponseRequest) {
      if (actor) assertRole(actor, mayCommand);
      const towns = await listByIds(db, req.commandPostTownIds);
      if (towns.length !== new Set(req.commandPostTownIds).size || towns.some((t) => t.level !== 'town')) throw ValidationError('not_a_town');
      if (!(await listSchemes(db)).some((s) => s.code === req.zoneScheme)) throw ValidationError('scheme_unknown', { scheme: req.zoneScheme });
      const district = (await findRoot(db))!;
      try {
        const created = await database.transaction(async (tx) => {
          const response = await insertResponse(tx.db, { code: req.code, name: req.name, startedOn: req.startedOn, zoneScheme: req.zoneScheme, createdBy: actor?.id ?? null });
          const command = await insertCommandUnit(tx.db, { responseId: response.id, kind: 'district_command', name: `${district.name}“${req.code}”疫情防控指挥部`, regionId: district.id });
          const posts = [];
          const branches = [];
          for (const id of req.commandPostTownIds) {
            const town = towns.find((x) => x.id === id)!;
            const post = await insertCommandUnit(tx.db, { responseId: response.id, kind: 'command_post', name: `${town.name}一线指挥部`, regionId: town.id });
            posts.push(post);
            branches.push(await insertOrg(tx.db, { name: `“${req.code}”${town.name}一线指挥部临时党支部`, kind: 'temporary_branch', responseId: response.id, attachedType: 'command_unit', attachedId: post.id, regionId: town.id }));
          }
          // The entry names every unit the declaration set up, so the log alone tells what exists since.
          const after = { ...response, commandUnits: [command, ...posts].map((u) => ({ id: u.id, kind: u.kind, name: u.name })), branches: branches.map((b) => ({ id: b.id, name: b.name, attachedId: b.attachedId })) };
          await audit.record({ userId: actor?.id ?? null, action: 'declare_response', subjectType: 'response', subjectId: String(response.id), details: { before: null, after } }, tx.db);
          return response;
        });
        return summary(created);
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('response_code_taken', { code: req.code });
        throw err;
      }
    },

    list: async () => (await listResponses(db)).map(summary),

    /** The "1+6+N" tree with every unit's people; units outside the caller's scope are left out (null: the system sees all). */
    async tree(user: SessionUser | null, id: number): Promise<TResponseTree> {
      const response = await activeResponse(id);
      const units = await listCommandUnits(db, id);
      const regions = new Map((await listByIds(db, [...new Set(units.map((u) => u.regionId))])).map((r) => [r.id, r]));
      const branches = await listOrgs(db, { responseId: id });
      const unitPeople = await assignments.holders('command_unit', units.map((u) => u.id));
      const branchPeople = await assignments.holders('org', branches.map((b) => b.id));
      const counts = await memberCounts(db, branches.map((b) => b.id));
      const places = await attachedPlaces(db, branches.map((b) => b.id));
      const branchRegions = new Map((await listByIds(db, [...new Set(branches.flatMap((b) => (b.regionId ? [b.regionId] : [])))])).map((r) => [r.id, r]));
      const presentBranch = (b: (typeof branches)[number]) => ({
        id: b.id, name: b.name, form: orgForm(counts.get(b.id) ?? 0), memberCount: counts.get(b.id) ?? 0, closed: b.closedAt !== null,
        attachedTo: places.get(b.id) ?? null, people: branchPeople.get(b.id) ?? [],
      });
      const present = (u: (typeof units)[number]) => ({
        id: u.id,
        kind: u.kind,
        name: u.name,
        region: { id: u.regionId, name: regions.get(u.regionId)!.name },
        people: unitPeople.get(u.id) ?? [],
        branches: branches.filter((b) => b.attachedType === 'command_unit' && b.attachedId === u.id).map(presentBranch),
      });
      // A unit is shown to accounts inside its place, and to accounts whose scope contains the place.
      const sees = (path: string) => !user || inScope(user, path) || user.scopePath.startsWith(path);
      const visible = units.filter((u) => u.kind === 'district_command' || sees(regions.get(u.regionId)!.path));
      const command = visible.find((u) => u.kind === 'district_command');
      const fieldBranches = branches.filter((b) => places.has(b.id) && (!b.regionId || sees(branchRegions.get(b.regionId)!.path)));
      return { response: summary(response), command: command ? present(command) : null, posts: visible.filter((u) => u.kind === 'command_post').map(present), fieldBranches: fieldBranches.map(presentBranch) };
    },

    /**
     * Ends a response and everything that lives by it, in one transaction: its temporary branches
     * close, the posts of its command units, branches and checkpoints' rosters end, and its risk
     * areas are lifted (one still to start is called off at its start). The audit entry lists what was closed and ended.
     */
    async close(actor: SessionUser | null, id: number) {
      if (actor) assertRole(actor, mayCommand);
      await activeResponse(id);
      const closed = await database.transaction(async (tx) => {
        // Lock first, then read the time: a post assigned meanwhile committed before the lock was
        // granted, so it started before `now` and is ended with the rest.
        await lockResponse(tx.db, id, 'update');
        const now = new Date();
        const row = await closeResponse(tx.db, id, now);
        if (!row) throw Conflict('response_closed');
        const branchIds = (await closeResponseOrgs(tx.db, id, now)).map((b) => b.id);
        const unitIds = (await listCommandUnits(tx.db, id)).map((u) => u.id);
        const checkpointIds = await checkpointIdsOfResponse(tx.db, id);
        const by = actor?.id ?? null;
        const ended = [
          ...(await endUnitAssignments(tx.db, 'command_unit', unitIds, now, by)),
          ...(await endUnitAssignments(tx.db, 'org', branchIds, now, by)),
          ...(await endUnitAssignments(tx.db, 'checkpoint', checkpointIds, now, by)),
        ];
        // Planned areas too: called off at their start, so none comes into force inside a closed response.
        const zoneIds = (await liftZones(tx.db, { responseId: id }, now)).map((z) => z.id);
        const after = {
          status: 'closed', closedAt: now, closedBranches: branchIds, endedZones: zoneIds,
          endedAssignments: ended.map((a) => ({ id: a.id, unitType: a.unitType, unitId: a.unitId, role: a.role, personId: a.personId })),
        };
        await audit.record({ userId: actor?.id ?? null, action: 'close_response', subjectType: 'response', subjectId: String(id), details: { before: { status: 'active' }, after } }, tx.db);
        return row;
      });
      return summary(closed);
    },

    /** 空白点、薄弱点: everything in the caller's scope that no one is responsible for, with how to fix it. */
    async gaps(user: SessionUser, id: number, locale: Locale): Promise<TGapsReport> {
      await activeResponse(id);
      const rows = await findGaps(db, id, user.scopePath, shiftAt(clock()));
      // A region gap's own name is shown apart, a unit's region is part of where it is.
      const where = await regionNamer(db);
      // A grid's link opens its assign-grid-worker dialog; other regions are fixed on their page.
      const fixUrl = (g: (typeof rows)[number]) =>
        g.kind === 'grid_without_grid_worker' ? `/regions/${g.unitId}?assign=grid_worker` : g.unitType === 'region' ? `/regions/${g.unitId}` : g.unitType === 'point' ? `/points/${g.unitId}` : g.unitType === 'checkpoint' ? `/responses/${id}/zones?checkpoint=${g.unitId}` : `/responses/${id}?unit=${g.unitType}:${g.unitId}`;
      // Volunteer teams without a captain and squads short of members, fixed on the team's page.
      const teamGaps = (await findTeamGaps(db, user.scopePath)).map((g) => ({ ...g, unitType: g.kind === 'squad_short' ? ('squad' as const) : ('team' as const), fixUrl: `/teams/${g.teamId}` }));
      const byKind: Record<string, number> = {};
      for (const g of [...rows, ...teamGaps]) byKind[g.kind] = (byKind[g.kind] ?? 0) + 1;
      return {
        responseId: id,
        total: rows.length + teamGaps.length,
        byKind,
        items: [
          ...rows.map((g) => ({ kind: g.kind, unitType: g.unitType, unitId: g.unitId, name: g.name, where: where(g.path, g.unitType !== 'region'), fix: t(locale, `gap_${g.kind}` as MessageKey), fixUrl: fixUrl(g) })),
          ...teamGaps.map((g) => ({ kind: g.kind, unitType: g.unitType, unitId: g.unitId, name: g.name, where: where(g.path, true), fix: t(locale, `gap_${g.kind}`), fixUrl: g.fixUrl })),
        ],
      };
    },
  };
}
export type ResponsesService = ReturnType<typeof responsesService>;
