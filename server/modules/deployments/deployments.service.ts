import type { TAcceptResult, TCallEntry, TGap, TGapsView, TPlan } from '../../../contracts/deployments.ts';
import type { Locale } from '../../../contracts/common.ts';
import type { Database } from '../../db/index.ts';
import { sqlState, UNIQUE_VIOLATION } from '../../db/bulk.ts';
import { AppError, Conflict, NotFound, ValidationError } from '../../http/errors.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { writeXlsx } from '../../lib/spreadsheet.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { assertRole, mayCommand, type SessionUser } from '../auth/scope.ts';
import { insertDirectNotice } from '../notices/notices.repository.ts';
import { findLiveCheckinOfPerson, insertCheckin, listTeamRoles, type PointStatus } from '../points/points.repository.ts';
import { fitsRole, missingRoles, RUNNING, type PointsService } from '../points/points.service.ts';
import { findPerson } from '../people/people.repository.ts';
import { activeResponseId } from '../responses/responses.repository.ts';
import {
  accountsOf,
  availablePeople,
  claimRequestFor,
  decidePlan,
  findPlan,
  inSquadNow,
  insertPlan,
  joinSquad,
  listMoves,
  lockMoveSubjects,
  markAccepted,
  overdueRequests,
  peopleOnDuty,
  pointRoleNow,
  runningPointTeams,
  shortSquads,
  squadNow,
  type AvailableRow,
  type GapKind,
  type MoveRow,
} from './deployments.repository.ts';
import { availableKind, mayFill, roleNeed } from './deployments.rules.ts';
import { haversineMeters, solveTransport } from './transport.ts';

interface Spot { lat: number | null; lng: number | null }

/** A gap with where it is and what it needs, as the planner sees it. */
interface PlannerGap extends TGap, Spot {
  need: string;
}

/** Roles a plan fills, each with its label in the server's messages. */
const ROLE_LABELS = { label_medical_lead: 1, label_medical: 1, label_volunteer_captain: 1, label_community_cadre: 1, label_volunteer: 1 };

const travel = (a: Spot, b: Spot) => (a.lat === null || a.lng === null || b.lat === null || b.lng === null ? 0 : haversineMeters({ lat: a.lat, lng: a.lng }, { lat: b.lat, lng: b.lng }));

interface StaleMove { moveId: number; personId: number; name: string; reason: 'person_on_duty' | 'person_in_squad' | 'gap_filled' }

export function deploymentsService(database: Database, audit: AuditService, points: PointsService) {
  const { db } = database;

  /** Every staffing gap of this shift: points' missing roles, squads short, requests overdue. */
  async function findGaps(): Promise<PlannerGap[]> {
    const s = points.currentShift();
    const [roles, teams, squads, overdue] = await Promise.all([listTeamRoles(db), runningPointTeams(db, s, [...RUNNING]), shortSquads(db), overdueRequests(db, points.clock())]);
    const gaps: PlannerGap[] = [];
    for (const p of teams) {
      // The points module's own rule for an incomplete team.
      for (const m of missingRoles(roles, new Map(Object.entries(p.present)))) {
        gaps.push({ kind: 'point_role', targetId: p.id, role: m.role, short: m.short, name: p.name, where: `${p.town} / ${p.community}`, fillable: m.role !== 'point_chief', need: roleNeed(m.role), lat: p.lat, lng: p.lng });
      }
    }
    for (const q of squads) {
      gaps.push({ kind: 'squad', targetId: q.id, role: null, short: q.needed - q.members, name: `${q.team} / ${q.name}`, where: q.place, fillable: true, need: `squad:${q.kind}`, lat: q.lat, lng: q.lng });
    }
    for (const r of overdue) {
      gaps.push({ kind: 'request', targetId: r.id, role: null, short: 1, name: `${r.building} ${r.door}`, where: `${r.town} / ${r.community}`, fillable: true, need: 'request', lat: r.lat, lng: r.lng });
    }
    return gaps;
  }

  function gapTotals(gaps: readonly TGap[]) {
    const totals = { point_role: 0, squad: 0, request: 0 };
    for (const g of gaps) totals[g.kind] += g.short;
    return totals;
  }

  /**
   * The plan: people grouped by home community and by what they may fill, gaps grouped by place and
   * need (a community's overdue requests together), solved exactly, then each group's flow handed
   * out to named people and gaps in a stable order.
   */
  function planMoves(gaps: PlannerGap[], people: AvailableRow[]) {
    const fillable = gaps.filter((g) => g.fillable);
    const needs = [...new Set(fillable.map((g) => g.need))];
    const bit = new Map(needs.map((n, i) => [n, i]));

    // Demand groups: one per point and need (its medical lead and medical staff together), one per
    // squad, one per community's overdue requests.
    const demands: Array<{ gap: PlannerGap; count: number; need: number; targets: Array<{ targetId: number; role: string | null }> }> = [];
    const groupOf = new Map<string, (typeof demands)[number]>();
    for (const g of fillable) {
      const key = g.kind === 'request' ? `request|${g.where}|${g.lat}|${g.lng}` : `${g.kind}|${g.targetId}|${g.need}`;
      const targets = Array.from({ length: g.short }, () => ({ targetId: g.targetId, role: g.role }));
      const group = groupOf.get(key);
      if (group) {
        group.count += g.short;
        group.targets.push(...targets);
        continue;
      }
      const created = { gap: g, count: g.short, need: bit.get(g.need)!, targets };
      groupOf.set(key, created);
      demands.push(created);
    }

    // Supply groups: people of one home community who may fill the same needs.
    const supplies: Array<{ count: number; caps: number; spot: Spot; people: AvailableRow[] }> = [];
    const supplyOf = new Map<string, (typeof supplies)[number]>();
    for (const p of people) {
      let caps = 0;
      for (const [need, i] of bit) if (mayFill(p, need)) caps |= 1 << i;
      if (caps === 0) continue;
      const key = `${p.homeCommunityId ?? 0}|${caps}`;
      const group = supplyOf.get(key);
      if (group) {
        group.count++;
        group.people.push(p);
      } else {
        const created = { count: 1, caps, spot: { lat: p.lat, lng: p.lng }, people: [p] };
        supplyOf.set(key, created);
        supplies.push(created);
      }
    }

    const cost = (s: number, d: number) => travel(supplies[s].spot, demands[d].gap);
    const solution = solveTransport(supplies, demands, cost);
    const moves: Array<{ personId: number; gapKind: GapKind; targetId: number; role: string | null; meters: number }> = [];
    const taken = supplies.map(() => 0);
    const filled = demands.map(() => 0);
    for (const f of solution.flows) {
      for (let k = 0; k < f.n; k++) {
        const person = supplies[f.s].people[taken[f.s]++];
        const target = demands[f.d].targets[filled[f.d]++];
        moves.push({ personId: person.id, gapKind: demands[f.d].gap.kind, targetId: target.targetId, role: target.role, meters: cost(f.s, f.d) });
      }
    }
    return { moves, meters: solution.meters, supplyGroups: supplies.length, demandGroups: demands.length };
  }

  function presentMove(m: MoveRow, locale: Locale) {
    return {
      id: m.id, personId: m.personId, name: m.name, personKind: m.personKind, from: m.from, gapKind: m.gapKind, targetId: m.targetId,
      to: m.to, role: m.role, meters: m.meters, acceptedAt: m.acceptedAt ? new Date(m.acceptedAt).toISOString() : null,
      post: postText(m, locale),
    };
  }

  /** The new post in words: "恒福尚城北门A点 · 采样医护". */
  function postText(m: Pick<MoveRow, 'to' | 'role' | 'gapKind'>, locale: Locale) {
    const key = `label_${m.role}` as MessageKey;
    const what = m.role ? (key in ROLE_LABELS ? t(locale, key) : m.role) : m.gapKind === 'request' ? t(locale, 'label_errand_claim') : '';
    return what ? `${m.to} · ${what}` : m.to;
  }

  async function planView(id: number, locale: Locale): Promise<TPlan> {
    const plan = await findPlan(db, id);
    if (!plan) throw NotFound();
    const moves = await listMoves(db, id);
    return {
      id: plan.id, status: plan.status, createdAt: plan.createdAt.toISOString(), gapCount: plan.gapCount, filledCount: plan.filledCount,
      totalMeters: plan.totalMeters, moves: moves.map((m) => presentMove(m, locale)),
    };
  }

  function callEntry(m: MoveRow, locale: Locale): TCallEntry {
    return { personId: m.personId, name: m.name, phone: m.phone, post: postText(m, locale), address: m.address };
  }

  const service = {
    /** The gaps of this shift beside the people free to fill them, counted by kind and town. */
    async gaps(user: SessionUser): Promise<TGapsView> {
      assertRole(user, mayCommand);
      const s = points.currentShift();
      const [gaps, people] = await Promise.all([findGaps(), availablePeople(db, s)]);
      const byKind: Record<string, number> = {};
      const byTown = new Map<string, number>();
      for (const p of people) {
        const k = availableKind(p);
        byKind[k] = (byKind[k] ?? 0) + 1;
        const town = p.town ?? '—';
        byTown.set(town, (byTown.get(town) ?? 0) + 1);
      }
      return {
        ...s,
        gaps: gaps.map(({ need: _need, lat: _lat, lng: _lng, ...g }) => g),
        totals: gapTotals(gaps),
        available: { total: people.length, byKind, byTown: [...byTown].map(([town, n]) => ({ town, n })).sort((a, b) => b.n - a.n || a.town.localeCompare(b.town)) },
      };
    },

    /** Builds and saves a plan that fills as many gaps as possible with the least total travel. */
    async propose(user: SessionUser | null, locale: Locale = 'zh-CN'): Promise<TPlan & { supplyGroups: number; demandGroups: number }> {
      if (user) assertRole(user, mayCommand);
      const t0 = performance.now();
      const s = points.currentShift();
      const [gaps, people, responseId] = await Promise.all([findGaps(), availablePeople(db, s), activeResponseId(db)]);
      const { moves, meters, supplyGroups, demandGroups } = planMoves(gaps, people);
      const totals = gapTotals(gaps);
      const plan = await database.transaction((tx) =>
        insertPlan(tx.db, { responseId, gapCount: totals.point_role + totals.squad + totals.request, filledCount: moves.length, totalMeters: meters, createdBy: user?.id ?? null }, moves),
      );
      const view = await planView(plan.id, locale);
      const computeMs = performance.now() - t0;
      await audit.record({ userId: user?.id ?? null, action: 'propose_deployment', subjectType: 'deployment_plan', subjectId: String(plan.id), details: { gaps: plan.gapCount, moves: moves.length, meters } });
      return { ...view, availableCount: people.length, computeMs, supplyGroups, demandGroups };
    },

    async get(user: SessionUser, id: number, locale: Locale) {
      assertRole(user, mayCommand);
      return planView(id, locale);
    },

    /**
     * Carries out the chosen moves (all when none are named) in one transaction: a point role becomes
     * a check-in for this shift, a squad a membership, an overdue request the person's claim (they own
     * it). A move whose person went on duty or whose gap was filled since the plan refuses the whole
     * acceptance, naming them, and nothing is written. The people with accounts get a notice; the
     * others are on the call list.
     */
    async accept(user: SessionUser | null, id: number, moveIds: readonly number[] | undefined, locale: Locale = 'zh-CN'): Promise<TAcceptResult> {
      if (user) assertRole(user, mayCommand);
      const plan = await findPlan(db, id);
      if (!plan) throw NotFound();
      if (plan.status !== 'proposed') throw Conflict('deployment_plan_decided');
      const all = await listMoves(db, id);
      const chosen = moveIds ? all.filter((m) => moveIds.includes(m.id)) : all;
      if (moveIds && chosen.length !== new Set(moveIds).size) throw ValidationError('deployment_move_unknown');
      const s = points.currentShift();
      const at = points.clock();
      const by = user?.id ?? null;
      const status = chosen.length === all.length ? 'accepted' : 'partly_accepted';
      try {
        const result = await database.transaction(async (tx) => {
          if (!(await decidePlan(tx.db, id, status, by, at))) throw Conflict('deployment_plan_decided');
          const stale: StaleMove[] = [];
          const of = (k: GapKind) => chosen.filter((m) => m.gapKind === k).map((m) => m.targetId);
          await lockMoveSubjects(tx.db, chosen.map((m) => m.personId), of('point_role'), of('squad'));
          const onDuty = await peopleOnDuty(tx.db, chosen.map((m) => m.personId), s);
          for (const m of chosen) {
            if (onDuty.has(m.personId)) {
              stale.push({ moveId: m.id, personId: m.personId, name: m.name, reason: 'person_on_duty' });
              continue;
            }
            const done = await carryOut(tx.db, m);
            if (done !== true) stale.push({ moveId: m.id, personId: m.personId, name: m.name, reason: done });
          }
          if (stale.length) throw Conflict('deployment_moves_stale', { names: stale.map((x) => x.name).join('、') }, { stale });
          await markAccepted(tx.db, chosen.map((m) => m.id), at);
          const accounts = await accountsOf(tx.db, chosen.map((m) => m.personId));
          const moveOf = new Map(chosen.map((m) => [m.personId, m]));
          for (const a of accounts) {
            const m = moveOf.get(a.personId)!;
            const post = postText(m, 'zh-CN');
            await insertDirectNotice(tx.db, { title: t('zh-CN', 'deployment_notice_title', { post }), body: t('zh-CN', 'deployment_notice_body', { name: m.name, post, address: m.address }), sentBy: by }, [a.userId]);
          }
          const withAccount = new Set(accounts.map((a) => a.personId));
          return { notified: accounts.length, callList: chosen.filter((m) => !withAccount.has(m.personId)).map((m) => callEntry(m, locale)) };
        });
        await audit.record({ userId: by, action: 'accept_deployment', subjectType: 'deployment_plan', subjectId: String(id), details: { status, moves: chosen.map((m) => m.id) } });
        return { planId: id, status, accepted: chosen.length, notified: result.notified, callList: result.callList };
      } catch (err) {
        // Two acceptances racing for one person's check-in: the database's unique index lets one through.
        if (!(err instanceof AppError) && sqlState(err) === UNIQUE_VIOLATION) throw Conflict('deployment_moves_stale', { names: chosen.map((m) => m.name).slice(0, 3).join('、') });
        throw err;
      }

      /** Makes one move real; otherwise why not: its gap is no longer open, or its person joined a squad meanwhile. */
      async function carryOut(txDb: typeof db, m: MoveRow): Promise<true | 'gap_filled' | 'person_in_squad'> {
        if (m.gapKind === 'point_role') {
          const now = await pointRoleNow(txDb, m.targetId, m.role!, s);
          if (!now || !RUNNING.has(now.status as PointStatus) || now.required === null || now.present >= now.required) return 'gap_filled';
          const person = await findPerson(txDb, m.personId);
          if (!person || !fitsRole(m.role!, person, false)) return 'gap_filled';
          if (await findLiveCheckinOfPerson(txDb, m.personId, s)) return 'gap_filled';
          await insertCheckin(txDb, { ...s, pointId: m.targetId, personId: m.personId, role: m.role!, by, at });
          return true;
        }
        if (m.gapKind === 'squad') {
          const now = await squadNow(txDb, m.targetId);
          if (!now || now.members >= now.needed) return 'gap_filled';
          // Planned as someone in no squad: taking them from the squad they joined since would open a gap there.
          if (await inSquadNow(txDb, m.personId)) return 'person_in_squad';
          await joinSquad(txDb, m.personId, { id: m.targetId, teamId: now.teamId }, at);
          return true;
        }
        return (await claimRequestFor(txDb, m.targetId, m.personId, by, at)) ? true : 'gap_filled';
      }
    },

    /** The call list of a plan's accepted moves, for people without an account, as .xlsx. */
    async callListXlsx(user: SessionUser, id: number, locale: Locale) {
      assertRole(user, mayCommand);
      const plan = await findPlan(db, id);
      if (!plan) throw NotFound();
      const rows = (await listMoves(db, id)).filter((m) => m.acceptedAt && !m.hasAccount).map((m) => callEntry(m, locale));
      const en = locale === 'en';
      const headers = en ? ['Name', 'Phone', 'New post', 'Address'] : ['姓名', '手机号', '新岗位', '地址'];
      const data = await writeXlsx([{ name: en ? 'Call list' : '电话通知名单', columns: headers.map((header, i) => ({ header, text: i === 1, width: i === 0 ? 10 : i === 1 ? 14 : 36 })), rows: rows.map((r) => [r.name, r.phone ?? '', r.post, r.address]) }]);
      await audit.record({ userId: user.id, action: 'export_call_list', subjectType: 'deployment_plan', subjectId: String(id), details: { rows: rows.length } });
      return { data, filename: `${en ? 'call-list' : '调配电话通知'}-${id}.xlsx` };
    },
  };
  return service;
}
export type DeploymentsService = ReturnType<typeof deploymentsService>;
