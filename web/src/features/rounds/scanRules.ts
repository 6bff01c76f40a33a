import { maskIdNumber, normaliseIdNumber, parseIdNumber, type IdProblem } from '../../../../contracts/idcard.ts';
import { TUBE_CODE } from '../../../../contracts/rounds.ts';

/** The tube being filled at the desk: its code, the people swabbed into it so far, and how many it may take. */
export interface DraftTube {
  code: string;
  persons: string[];
  poolSize: number;
  /** What the server said about this tube when it was refused and brought back to be fixed. */
  problems: string[];
  /** `retest`: a single tube of someone recalled from a positive pool (复核单采). */
  purpose?: ScanPurpose;
}

export type ScanPurpose = 'screen' | 'retest';

/** Why a scan was refused on the spot; each has its message in `rounds.scan.problems`. */
export type ScanProblem =
  | { key: 'tubeFirst' }
  | { key: 'tubeCodeFormat'; code: string }
  | { key: 'tubeUsed'; code: string }
  | { key: 'poolFull'; size: number }
  | { key: 'notAnId'; value: string }
  | { key: 'idProblem'; n: number; id: string; reason: IdProblem }
  | { key: 'personTwice'; n: number; id: string };

export type ScanStep =
  | { kind: 'startTube'; code: string }
  | { kind: 'addPerson'; idNumber: string }
  | { kind: 'seal' }
  | { kind: 'nothing' }
  | { kind: 'refuse'; problem: ScanProblem };

const ID_SHAPE = /^\d{17}[\dXx]$/;

/**
 * What one scan (or one typed line ended by Enter) means at the desk. A keyboard-wedge scanner
 * types a code and presses Enter: with no tube open the code is the tube's; after that each one is
 * a person's ID number; Enter on an empty line seals a tube that has people in it. Everything the
 * desk can know is checked here, before anything is queued: the server checks the rest.
 */
export function readScan(raw: string, draft: DraftTube | null, usedCodes: ReadonlySet<string>, today = new Date()): ScanStep {
  const value = raw.trim();
  if (!value) return draft && draft.persons.length > 0 ? { kind: 'seal' } : { kind: 'nothing' };
  if (!draft) {
    // A valid ID number first means the tube was not scanned: taking it as a tube code would lose a person.
    if (ID_SHAPE.test(value) && typeof parseIdNumber(value, today) !== 'string') return { kind: 'refuse', problem: { key: 'tubeFirst' } };
    if (!TUBE_CODE.test(value)) return { kind: 'refuse', problem: { key: 'tubeCodeFormat', code: value } };
    if (usedCodes.has(value)) return { kind: 'refuse', problem: { key: 'tubeUsed', code: value } };
    return { kind: 'startTube', code: value };
  }
  if (draft.persons.length >= draft.poolSize) return { kind: 'refuse', problem: { key: 'poolFull', size: draft.poolSize } };
  const n = draft.persons.length + 1;
  // Something that reads like a tube code while a tube is open: most likely the next tube, scanned too early.
  if (!ID_SHAPE.test(value) && TUBE_CODE.test(value) && !/^\d{15,18}$/.test(value)) return { kind: 'refuse', problem: { key: 'notAnId', value } };
  const id = normaliseIdNumber(value);
  const facts = parseIdNumber(id, today);
  if (typeof facts === 'string') return { kind: 'refuse', problem: { key: 'idProblem', n, id, reason: facts } };
  const earlier = draft.persons.indexOf(id);
  if (earlier >= 0) return { kind: 'refuse', problem: { key: 'personTwice', n: earlier + 1, id: maskIdNumber(id) } };
  return { kind: 'addPerson', idNumber: id };
}
