import { findPoint } from '../points/points.repository.ts';
import { findCommandUnit } from '../responses/responses.repository.ts';
import { findCheckpoint } from '../zones/zones.repository.ts';
import type { TCreateOrgRequest, TOrg } from '../../../contracts/orgs.ts';
import type { Database } from '../../db/index.ts';
import { sqlState, UNIQUE_VIOLATION } from '../../db/bulk.ts';
import { Conflict, NotFound, ValidationError } from '../../http/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { assertRole, mayCommand, type SessionUser } from '../auth/scope.ts';
import { label } from '../../i18n.ts';
import { orgForm } from '../assignments/assignment-rules.ts';
import { findRegion } from '../regions/regions.repository.ts';
import { findResponse } from '../responses/responses.repository.ts';
import { deletePairing, findOrg, insertOrg, insertPairing, listOrgs, memberCounts, pairingsOfOrgs, type OrgRecord } from './orgs.repository.ts';

export function orgsService(database: Database, audit: AuditService) {
  const { db } = database;

  async function present(rows: OrgRecord[]): Promise<TOrg[]> {
    const ids = rows.map((r) => r.id);
    const counts = await memberCounts(db, ids);
    const pairings = await pairingsOfOrgs(db, ids);
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

  return {
    async create(actor: SessionUser | null, req: TCreateOrgRequest) {
      if (actor) assertRole(actor, mayCommand);
      if (req.kind === 'temporary_branch') {
        const response = req.responseId ? await findResponse(db, req.responseId) : undefined;
        if (!response || response.status !== 'active') throw ValidationError('temporary_needs_response');
      } else if (req.responseId) throw ValidationError('temporary_needs_response');
      if (req.regionId && !(await findRegion(db, req.regionId))) throw ValidationError('region_not_found');
      if (req.attachedTo) {
        const { type, id } = req.attachedTo;
        const exists =
          type === 'command_unit' ? (await findCommandUnit(db, id))?.responseId === req.responseId
          : type === 'checkpoint' ? !!(await findCheckpoint(db, id))
          : !!(await findPoint(db, id));
        if (!exists) throw ValidationError('unit_not_found', { unitType: label(type) });
      }
      try {
        const row = await insertOrg(db, {
          name: req.name,
          kind: req.kind,
          responseId: req.responseId ?? null,
          attachedType: req.attachedTo?.type ?? null,
          attachedId: req.attachedTo?.id ?? null,
          regionId: req.regionId ?? null,
        });
        await audit.record({ userId: actor?.id ?? null, action: 'create_org', subjectType: 'org', subjectId: String(row.id), details: { before: null, after: row } });
        return (await present([row]))[0];
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('org_name_taken', { name: req.name });
        throw err;
      }
    },

    async list(filter: { responseId?: number; kind?: OrgRecord['kind'] }) {
      return present(await listOrgs(db, filter));
    },

    /** 结对包联: pairs an organisation with a village or community. */
    async pair(actor: SessionUser | null, orgId: number, communityId: number) {
      if (actor) assertRole(actor, mayCommand);
      const org = await findOrg(db, orgId);
      if (!org) throw NotFound();
      const community = await findRegion(db, communityId);
      if (!community || community.level !== 'community') throw ValidationError('not_a_community');
      try {
        await insertPairing(db, orgId, communityId, actor?.id ?? null);
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('already_paired');
        throw err;
      }
      await audit.record({ userId: actor?.id ?? null, action: 'pair', subjectType: 'org', subjectId: String(orgId), details: { before: null, after: { communityId } } });
    },

    async unpair(actor: SessionUser | null, orgId: number, communityId: number) {
      if (actor) assertRole(actor, mayCommand);
      if (!(await deletePairing(db, orgId, communityId))) throw NotFound();
      await audit.record({ userId: actor?.id ?? null, action: 'unpair', subjectType: 'org', subjectId: String(orgId), details: { before: { communityId }, after: null } });
    },
  };
}
export type OrgsService = ReturnType<typeof orgsService>;
