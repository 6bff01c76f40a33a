/**
 * Resident identity numbers (GB 11643-1999): 6-digit region code, 8-digit date of birth,
 * 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
 * Pure functions, shared by the server's import and the web app's forms.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export type IdProblem = 'id_format' | 'id_region' | 'id_birth' | 'id_checksum';

export interface IdFacts {
  birthDate: string;
  gender: 'M' | 'F';
}

function validDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Returns the facts an ID number encodes, or the first thing wrong with it. */
export function parseIdNumber(raw: string, today = new Date()): IdFacts | IdProblem {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'id_format';
  const province = Number(id.slice(0, 2));
  if (province < 11 || province > 91) return 'id_region';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1900 || !validDate(y, m, d) || Date.UTC(y, m - 1, d) > today.getTime()) return 'id_birth';
  if (idCheckChar(id) !== id[17]) return 'id_checksum';
  return {
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    gender: Number(id[16]) % 2 === 1 ? 'M' : 'F',
  };
}

export function normaliseIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

/** `440902199001011234` → `4409**********1234`. */
export function maskIdNumber(id: string): string {
  if (id.length < 8) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/** `13812345678` → `138****5678`. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

export const MOBILE_RE = /^1[3-9]\d{9}$/;
