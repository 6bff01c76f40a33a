import type { Db } from '../db/index.ts';
import { setRegionSpots } from '../modules/regions/regions.repository.ts';
import type { DemoDistrict } from './demo-district.ts';
import { rng } from './random.ts';

/** About 1 km either way, in degrees. */
const JITTER = 0.01;

/**
 * Where the demo's district, towns and communities are, for travel distances: a community with
 * sampling points sits at the mean of their sites; a town at the mean of those communities; the
 * district at the mean of all points. A community or town without a point sits near its parent's
 * spot, moved by a jitter drawn from its own id (a stream of its own, so the demo's names and
 * everything else the district generator draws stay as they are).
 */
export function demoPlaceSpots(demo: Pick<DemoDistrict, 'regions' | 'points'>) {
  const mean = (xs: Array<{ lat: number; lng: number }>) => ({ lat: xs.reduce((a, x) => a + x.lat, 0) / xs.length, lng: xs.reduce((a, x) => a + x.lng, 0) / xs.length });
  const round = (x: number) => Math.round(x * 1e5) / 1e5;
  const jitter = (id: number, at: { lat: number; lng: number }) => {
    const r = rng(0x0708 + id);
    return { lat: at.lat + (r.next() * 2 - 1) * JITTER, lng: at.lng + (r.next() * 2 - 1) * JITTER };
  };
  const spots = new Map<number, { lat: number; lng: number }>();
  const sitesOf = new Map<number, Array<{ lat: number; lng: number }>>();
  for (const p of demo.points) sitesOf.set(p.communityId, [...(sitesOf.get(p.communityId) ?? []), { lat: p.lat, lng: p.lng }]);
  for (const [id, sites] of sitesOf) spots.set(id, mean(sites));
  const district = demo.regions.find((r) => r.level === 'district')!;
  spots.set(district.id, mean(demo.points));
  const communities = demo.regions.filter((r) => r.level === 'community');
  for (const town of demo.regions.filter((r) => r.level === 'town')) {
    const placed = communities.filter((c) => c.parentId === town.id && spots.has(c.id)).map((c) => spots.get(c.id)!);
    spots.set(town.id, placed.length ? mean(placed) : jitter(town.id, spots.get(district.id)!));
  }
  for (const c of communities) if (!spots.has(c.id)) spots.set(c.id, jitter(c.id, spots.get(c.parentId!)!));
  return [...spots].map(([id, s]) => ({ id, lat: round(s.lat), lng: round(s.lng) }));
}

export async function seedDemoPlaces(db: Db, demo: Pick<DemoDistrict, 'regions' | 'points'>) {
  await setRegionSpots(db, demoPlaceSpots(demo));
}
