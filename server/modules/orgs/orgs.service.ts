import { findPoint } from '../points/points.repository.ts';
import type { TCreateOrgRequest, TOrg } from '../../../contracts/orgs.ts';
import type { Database, Db } from '../../db/index.ts';
import { sqlState, UNIQUE_VIOLATION } from '../../db/bulk.ts';
import { Conflict, NotFound, ValidationError } from '../../http/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { assertInScope, assertRole, mayCommand, type SessionUser } from '../auth/scope.ts';
import { endUnitAssignments } from '../assignments/assignments.repository.ts';
import { label } from '../../i18n.ts';
import { orgForm } from '../assignments/assignment-rules.ts';
import { findRegion } from '../regions/regions.repository.ts';
import { findCommandUnit, findResponse, lockResponse } from '../responses/responses.repository.ts';
import { checkpointPlace } from '../zones/zones.repository.ts';
import { closeOrg, deletePairing, findOrg, insertOrg, insertPairing, listOrgs, memberCounts, pairingsOfOrgs, type OrgRecord } from './orgs.repository.ts';

export function orgsService(database: Database, audit: AuditService) {
  const { db } = database;

  async function present(rows: OrgRecord[], on = db): Promise<TOrg[]> {
    const ids = rows.map((r) => r.id);
    const counts = await memberCounts(on, ids);
    const pairings = await pairingsOfOrgs(on, ids);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      responseId: r.responseId,
      form: orgForm(counts.get(r.id) ?? 0),
      memberCount: counts.get(r.id) ?? 0,
      closed: r.closedAt !== null,
      pairedCommunities: pairings.filter((p) => p.orgId === r.id).map((p) => ({ id: p.communityId, name: p.communityName })),
    }));
  }

  /**
   * Where a branch is to work, checked: a command unit or a checkpoint of the branch's own response
   * (checkpoints belong to its risk areas), or a sampling point; with the place's region and path.
   */
  async function attachmentPlace(to: NonNullable<TCreateOrgRequest['attachedTo']>, responseId: number, db: Db = database.db) {
    const missing = () => ValidationError('unit_not_found', { unitType: label(to.type) });
    const otherResponse = () => ValidationError('unit_other_response', { unitType: label(to.type) });
    if (to.type === 'command_unit') {
      const unit = await findCommandUnit(db, to.id);
      if (!unit) throw missing();
      if (unit.responseId !== responseId) throw otherResponse();
      // A branch at the district command sits nowhere in particular; at a post, in the post's town.
      return unit.kind === 'command_post' ? { regionId: unit.regionId, path: (await findRegion(db, unit.regionId))!.path } : undefined;
    }
    if (to.type === 'checkpoint') {
      const checkpoint = await checkpointPlace(db, to.id);
      if (!checkpoint) throw missing();
      if (checkpoint.responseId !== responseId) throw otherResponse();
      // A lifted area's checkpoints are no longer manned: no branch works there.
      if (checkpoint.lifted) throw Conflict('checkpoint_zone_lifted');
      return checkpoint.regionId ? { regionId: checkpoint.regionId, path: checkpoint.path! } : undefined;
    }
    const point = await findPoint(db, to.id);
    if (!point) throw missing();
    if (point.point.status === 'closed') throw Conflict('point_closed');
    return { regionId: point.point.regionId, path: point.path };
  }

  return {
    /**
     * A standing organisation, or a temporary branch of an active response at one of its command
     * units, one of its checkpoints, or a sampling point. Only the command creates, and only in its
     * scope; a branch at a checkpoint or point sits in that place unless a community is given.
     */
    async create(actor: SessionUser | null, req: TCreateOrgRequest) {
      if (actor) assertRole(actor, mayCommand);
      if (req.kind === 'temporary_branch') {
        const response = req.responseId ? await findResponse(db, req.responseId) : undefined;
        if (!response || response.status !== 'active') throw ValidationError('temporary_needs_response');
        // A branch with no place is in no part of the tree and its gap's link leads nowhere.
        if (!req.attachedTo) throw ValidationError('temporary_needs_place');
      } else if (req.responseId) throw ValidationError('temporary_needs_response');
      else if (req.attachedTo) throw ValidationError('attached_needs_branch');
      const region = req.regionId ? await findRegion(db, req.regionId) : undefined;
      if (req.regionId && !region) throw ValidationError('region_not_found');
      const place = req.attachedTo ? await attachmentPlace(req.attachedTo, req.responseId!) : undefined;
      for (const path of [region?.path, place?.path]) if (actor && path) assertInScope(actor, path);
      const regionId = req.regionId ?? place?.regionId ?? null;
      try {
        return await database.transaction(async (tx) => {
          // Checked again under the response's lock: closing it waits, or this waits for it.
          if (req.responseId && (await lockResponse(tx.db, req.responseId, 'share')) !== 'active') throw ValidationError('temporary_needs_response');
          // Lifting an area takes the same lock: its checkpoint is read again under it.
          if (req.attachedTo?.type === 'checkpoint') await attachmentPlace(req.attachedTo, req.responseId!, tx.db);
          const row = await insertOrg(tx.db, { name: req.name, kind: req.kind, responseId: req.responseId ?? null, attachedType: req.attachedTo?.type ?? null, attachedId: req.attachedTo?.id ?? null, regionId });
          await audit.record({ userId: actor?.id ?? null, action: 'create_org', subjectType: 'org', subjectId: String(row.id), details: { before: null, after: row } }, tx.db);
          return (await present([row], tx.db))[0];
        });
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('org_name_taken', { name: req.name });
        throw err;
      }
    },

    /**
     * 撤销 a temporary branch before its response ends: it closes, and its secretary, deputies and
     * members leave their posts in the same transaction, so it leaves the gaps report with nobody in it.
     */
    async close(actor: SessionUser | null, id: number) {
      if (actor) assertRole(actor, mayCommand);
      const org = await findOrg(db, id);
      if (!org) throw NotFound();
      if (org.kind !== 'temporary_branch') throw ValidationError('not_temporary_branch');
      if (actor && org.regionId) assertInScope(actor, (await findRegion(db, org.regionId))!.path);
      return database.transaction(async (tx) => {
        // The response's exclusive lock first, then the time: an assignment to this branch holds the
        // shared lock until it commits, so its post has started before `now` and is ended below.
        await lockResponse(tx.db, org.responseId!, 'update');
        const now = new Date();
        const after = await closeOrg(tx.db, id, now);
        if (!after) throw Conflict('org_closed');
        const ended = await endUnitAssignments(tx.db, 'org', [id], now, actor?.id ?? null);
        await audit.record({
          userId: actor?.id ?? null, action: 'close_org', subjectType: 'org', subjectId: String(id),
          details: { before: { ...org, assignments: ended.map((a) => ({ ...a, endsAt: null })) }, after: { ...after, assignments: ended } },
        }, tx.db);
        return (await present([after], tx.db))[0];
      });
    },

    async list(filter: { responseId?: number; kind?: OrgRecord['kind'] }) {
      return present(await listOrgs(db, filter));
    },

    /** 结对包联: pairs an organisation with a village or community in the caller's scope. */
    async pair(actor: SessionUser | null, orgId: number, communityId: number) {
      if (actor) assertRole(actor, mayCommand);
      const org = await findOrg(db, orgId);
      if (!org) throw NotFound();
      const community = await findRegion(db, communityId);
      if (!community || community.level !== 'community') throw ValidationError('not_a_community');
      if (actor) assertInScope(actor, community.path);
      try {
        await database.transaction(async (tx) => {
          await insertPairing(tx.db, orgId, communityId, actor?.id ?? null);
          await audit.record({ userId: actor?.id ?? null, action: 'pair', subjectType: 'org', subjectId: String(orgId), details: { before: null, after: { communityId } } }, tx.db);
        });
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('already_paired');
        throw err;
      }
    },

    async unpair(actor: SessionUser | null, orgId: number, communityId: number) {
      if (actor) assertRole(actor, mayCommand);
      const community = await findRegion(db, communityId);
      if (actor && community) assertInScope(actor, community.path);
      await database.transaction(async (tx) => {
        if (!(await deletePairing(tx.db, orgId, communityId))) throw NotFound();
        await audit.record({ userId: actor?.id ?? null, action: 'unpair', subjectType: 'org', subjectId: String(orgId), details: { before: { communityId }, after: null } }, tx.db);
      });
    },
  };
}
export type OrgsService = ReturnType<typeof orgsService>;
