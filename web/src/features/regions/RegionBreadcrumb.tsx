import { Breadcrumb } from 'antd';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { ZCrumb } from '../../../../contracts/regions.ts';

type Crumb = z.infer<typeof ZCrumb>;

const regionPage = (id: number) => `/regions/${id}`;

/**
 * From the top of the user's scope down; every step but the current one is a link, to the region's
 * page unless `linkTo` says where (a round's progress drills down the same tree).
 */
export function RegionBreadcrumb({ crumbs, current, linkTo = regionPage }: { crumbs: Crumb[]; current?: string; linkTo?: (id: number, index: number) => string }) {
  const items = crumbs.map((c, i) => {
    const last = i === crumbs.length - 1 && current === undefined;
    return { key: c.id, title: last ? c.name : <Link to={linkTo(c.id, i)} data-testid={`crumb-${c.id}`}>{c.name}</Link> };
  });
  if (current !== undefined) items.push({ key: -1, title: current });
  return <Breadcrumb className="region-breadcrumb" data-testid="region-breadcrumb" items={items} />;
}
