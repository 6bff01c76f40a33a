import { maskIdNumber, maskPhone } from '../../../contracts/idcard.ts';
import type { TMaskedResident } from '../../../contracts/residents.ts';

export function ageOn(birthDate: string, today = new Date()): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age--;
  return Math.max(0, age);
}

type Row = {
  id: number; idNumber: string; name: string; gender: 'M' | 'F'; birthDate: string; phone: string | null;
  specialGroups: string[]; householdId: number; door: string; buildingId: number; buildingName: string; gridId: number; gridName: string;
  communityName: string; townName: string;
};

/** What leaves the server about a resident by default: ID number and phone masked. */
export function presentMaskedResident(r: Row): TMaskedResident {
  return {
    id: r.id,
    name: r.name,
    idNumber: maskIdNumber(r.idNumber),
    gender: r.gender,
    birthDate: r.birthDate,
    age: ageOn(r.birthDate),
    phone: maskPhone(r.phone),
    specialGroups: r.specialGroups,
    householdId: r.householdId,
    door: r.door,
    buildingId: r.buildingId,
    buildingName: r.buildingName,
    gridId: r.gridId,
    gridName: r.gridName,
    communityName: r.communityName,
    townName: r.townName,
  };
}
