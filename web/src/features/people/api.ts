import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { PERSON_KINDS, ZPeopleList } from '../../../../contracts/people.ts';
import { api } from '../../app/api.ts';

export type TPersonKind = (typeof PERSON_KINDS)[number];
/** The kinds of person, leaders first, as pickers offer them. */
export const PERSON_KIND_LIST: readonly TPersonKind[] = ['leader', 'cadre', 'medical', 'community_cadre', 'grid_worker', 'volunteer'];
export type TPeopleList = z.infer<typeof ZPeopleList>;

export interface PeopleFilter {
  kind?: TPersonKind;
  name?: string;
  /** Party members only (for posts in a party organisation, 双报到). */
  partyMember?: boolean;
  /** People living anywhere in the district (the server allows it to roles that staff posts). */
  anywhere?: boolean;
  page: number;
  pageSize: number;
}

export function usePeople(filter: PeopleFilter) {
  return useQuery({
    queryKey: ['people', filter],
    queryFn: () => api<TPeopleList>('/people', { query: { kind: filter.kind, name: filter.name?.trim() || undefined, partyMember: filter.partyMember, anywhere: filter.anywhere, page: filter.page, pageSize: filter.pageSize } }),
    placeholderData: keepPreviousData,
  });
}
