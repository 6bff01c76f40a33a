import { describe, expect, it } from 'vitest';
import { mayFill, roleNeed, type Candidate } from './deployments.rules.ts';

const person = (c: Partial<Candidate>): Candidate => ({ kind: 'resident', partyMember: false, teamMember: false, inSquad: false, skills: [], reportPosts: [], ...c });

describe('who the planner may send to which gap', () => {
  it('sends a report-in party member to a point only when they offered sampling-point support', () => {
    const publicity = person({ partyMember: true, reportPosts: ['publicity'] });
    const support = person({ partyMember: true, reportPosts: ['sampling_support'] });
    for (const role of ['volunteer', 'volunteer_captain']) {
      expect(mayFill(publicity, roleNeed(role)), role).toBe(false);
      expect(mayFill(support, roleNeed(role)), role).toBe(true);
    }
    // A team volunteer or a cadre is not limited by report-in posts.
    expect(mayFill(person({ teamMember: true, reportPosts: ['publicity'] }), roleNeed('volunteer'))).toBe(true);
    expect(mayFill(person({ kind: 'cadre', partyMember: true }), roleNeed('volunteer_captain'))).toBe(true);
  });

  it('keeps medical staff for medical posts at points, as for squads and errands', () => {
    const medic = person({ kind: 'medical', partyMember: true });
    expect(mayFill(medic, roleNeed('medical'))).toBe(true);
    expect(mayFill(medic, roleNeed('medical_lead'))).toBe(true);
    expect(mayFill(medic, roleNeed('volunteer'))).toBe(false);
    expect(mayFill(medic, roleNeed('volunteer_captain'))).toBe(false);
    expect(mayFill(medic, roleNeed('point_chief'))).toBe(false);
  });
});
