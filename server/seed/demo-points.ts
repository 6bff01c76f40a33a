import type { Database } from '../db/index.ts';
import { insertAssignmentsBulk } from '../modules/assignments/assignments.repository.ts';
import { insertCheckinsBulk, insertPointsBulk, type ShiftRef } from '../modules/points/points.repository.ts';
import type { DemoDistrict } from './demo-district.ts';

/** Deliberate weak points: the first point of 鳌头镇 has no chief, the last three are two medical staff short this shift. */
export const POINT_WITHOUT_CHIEF_TOWN = '鳌头镇';
export const SHORT_TEAMS = 3;

/**
 * The demo's 146 sampling points, open, each with its point chief, and this shift's "1+3+10+N" team
 * checked in: the chief, the medical lead, the community's party secretary as party-volunteer
 * captain, a community cadre and ten medical staff.
 */
export async function seedDemoPoints(database: Database, demo: DemoDistrict, shift: ShiftRef, at: Date) {
  const cadresOf = new Map<number, number[]>();
  for (const p of demo.people) {
    if (p.kind === 'community_cadre' && p.homeCommunityId) cadresOf.set(p.homeCommunityId, [...(cadresOf.get(p.homeCommunityId) ?? []), p.id]);
  }
  const chiefless = demo.points.find((p) => p.townName === POINT_WITHOUT_CHIEF_TOWN);
  return database.transaction(async (tx) => {
    const created = await insertPointsBulk(
      tx.db,
      demo.points.map((p) => ({ name: p.name, regionId: p.communityId, status: 'open', address: p.address, lat: p.lat, lng: p.lng, servedRegionIds: p.servedGridIds })),
      at,
    );
    const idOf = new Map(created.map((c) => [c.name, c.id]));
    const withChief = demo.points.filter((p) => p !== chiefless);
    await insertAssignmentsBulk(tx.db, withChief.map((p) => ({ unitType: 'point', unitId: idOf.get(p.name)!, role: 'point_chief', personId: p.chiefId, assignedBy: null })));
    const checkins = demo.points.flatMap((p, k) => {
      const pointId = idOf.get(p.name)!;
      const [secretary, cadre] = cadresOf.get(p.communityId) ?? [];
      const medical = k >= demo.points.length - SHORT_TEAMS ? p.medicalIds.slice(2) : p.medicalIds;
      return [
        ...(p === chiefless ? [] : [{ role: 'point_chief', personId: p.chiefId }]),
        { role: 'medical_lead', personId: p.medicalLeadId },
        { role: 'volunteer_captain', personId: secretary },
        { role: 'community_cadre', personId: cadre },
        ...medical.map((personId) => ({ role: 'medical', personId })),
      ].map((c) => ({ ...shift, pointId, checkedInAt: at, ...c }));
    });
    await insertCheckinsBulk(tx.db, checkins);
    return { points: created.length, chiefs: withChief.length, checkins: checkins.length, idOf };
  });
}
