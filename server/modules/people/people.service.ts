import { maskPhone } from '../../../contracts/idcard.ts';
import type { TPerson } from '../../../contracts/people.ts';
import type { Database } from '../../db/index.ts';
import type { SessionUser } from '../auth/scope.ts';
import { listPeople, type PersonKind } from './people.repository.ts';

/** Roles that put people from anywhere in the district on a post. */
const STAFFING_ROLES: ReadonlySet<SessionUser['role']> = new Set(['admin', 'district_command', 'point_chief', 'team_captain']);

export function peopleService(database: Database) {
  const { db } = database;
  return {
    /** People whose home community is inside the caller's scope (for a grid account, its community); phones masked. */
    async list(user: SessionUser, filter: { kind?: PersonKind; name?: string; partyMember?: boolean; anywhere?: boolean; page: number; pageSize: number }) {
      // People belong to a community; a grid account sees the people of its grid's community. Those
      // who staff posts from all over the district (a point's team) may look district-wide.
      const scopePath = filter.anywhere && STAFFING_ROLES.has(user.role) ? '/' : user.scopeLevel === 'grid' ? user.scopePath.replace(/\d+\/$/, '') : user.scopePath;
      const { rows, total } = await listPeople(db, { scopePath, kind: filter.kind, name: filter.name, partyMember: filter.partyMember }, filter.page, filter.pageSize);
      const items: TPerson[] = rows.map((r) => ({
        id: r.id,
        name: r.name,
        kind: r.kind,
        phone: maskPhone(r.phone),
        title: r.title,
        partyMember: r.partyMember,
        homeCommunity: r.homeCommunityId ? { id: r.homeCommunityId, name: r.homeCommunityName } : null,
      }));
      return { items, total };
    },
  };
}
export type PeopleService = ReturnType<typeof peopleService>;
