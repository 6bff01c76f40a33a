import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../app/api.ts';
import { sendScans } from './api.ts';
import type { DraftTube, ScanPurpose } from './scanRules.ts';

export type TubeStatus = 'pending' | 'synced' | 'attention';

/** A sealed tube as the desk keeps it: one submission to the server, sent until it is taken. */
export interface SessionTube {
  /** Made here, once: a resend after a lost answer is recognised by the server and counted once. */
  submissionId: string;
  pointId: number;
  code: string;
  /** ID numbers, kept only until the server has them. */
  persons: string[];
  count: number;
  scannedAt: string;
  /** Absent on tubes queued before retests could be scanned here: they were screening tubes. */
  purpose?: ScanPurpose;
  status: TubeStatus;
  /** Why the server refused it: its message and each problem it named. */
  refusal?: { message: string; problems: string[] };
}

interface Stored {
  tubes: SessionTube[];
  draft: DraftTube | null;
}

/** How often queued tubes are retried while any wait, besides when the browser says it is back online. */
const RETRY_MS = 10_000;
/** Synced tubes kept in the list; the oldest go first. */
const KEEP_SYNCED = 300;

const EMPTY: Stored = { tubes: [], draft: null };

/** One key per account and round: a shared phone keeps each registrar's queue apart. */
const storageKey = (username: string, roundId: number) => `gridline.scans.${username}.${roundId}`;

function read(key: string): Stored {
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return EMPTY;
    const parsed = JSON.parse(raw) as Partial<Stored>;
    return { tubes: Array.isArray(parsed.tubes) ? parsed.tubes : [], draft: parsed.draft ?? null };
  } catch {
    return EMPTY;
  }
}

function write(key: string, value: Stored) {
  const synced = value.tubes.filter((t) => t.status === 'synced');
  const drop = new Set(synced.slice(0, Math.max(0, synced.length - KEEP_SYNCED)).map((t) => t.submissionId));
  const kept = { ...value, tubes: value.tubes.filter((t) => !drop.has(t.submissionId)) };
  localStorage.setItem(key, JSON.stringify(kept));
  return kept;
}

/** A random UUID, also where `crypto.randomUUID` is missing: it needs HTTPS, and a district laptop may serve plain HTTP. */
export function newSubmissionId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Worth sending again later (no network, server down, session to renew) rather than a refusal of the tube itself. */
const isTransient = (err: unknown) => !(err instanceof ApiError) || err.status === 0 || err.status === 401 || err.status === 408 || err.status === 429 || err.status >= 500;

function refusalOf(err: unknown): SessionTube['refusal'] {
  const error = err as ApiError;
  const problems = (error.details as { problems?: Array<{ message?: unknown }> } | undefined)?.problems;
  return { message: error.message, problems: (problems ?? []).map((p) => String(p.message ?? '')).filter(Boolean) };
}

/**
 * The registrar's session for a round on this device: the tube being filled and the sealed tubes,
 * kept in localStorage so that neither a lost signal nor a reload loses a swab. Sealed tubes are
 * sent in order, one submission each; a tube the server takes (201, or 200 for a resend it had)
 * is synced, one it refuses (400, 409…) needs attention, and anything else waits for the next try.
 */
export function useScanSession(roundId: number, username: string) {
  const key = storageKey(username, roundId);
  const [stored, setStored] = useState<Stored>(() => read(key));
  const [browserOnline, setBrowserOnline] = useState(() => navigator.onLine);
  /** Whether the last try reached the server: the browser may think it is online behind a dead link. */
  const [reachable, setReachable] = useState(true);
  const [syncing, setSyncing] = useState(false);
  /** A reason sending has stopped that the registrar can act on (an expired session). */
  const [blocked, setBlocked] = useState<string | null>(null);
  const flushing = useRef(false);
  const again = useRef(false);

  /** Set when the device refused to store a change (storage full or disabled): nothing may be lost silently. */
  const [storageFailed, setStorageFailed] = useState(false);

  const update = useCallback(
    (change: (s: Stored) => Stored): Stored | null => {
      try {
        // Read afresh: another tab of the same round may have written since.
        const next = write(key, change(read(key)));
        setStored(next);
        setStorageFailed(false);
        return next;
      } catch {
        setStorageFailed(true);
        return null;
      }
    },
    [key],
  );

  const flush = useCallback(async () => {
    if (flushing.current) {
      again.current = true;
      return;
    }
    if (!navigator.onLine) return;
    flushing.current = true;
    setSyncing(true);
    try {
      do {
        again.current = false;
        for (;;) {
          const next = read(key).tubes.find((t) => t.status === 'pending');
          if (!next) break;
          try {
            await sendScans(roundId, {
              submissionId: next.submissionId,
              pointId: next.pointId,
              purpose: next.purpose ?? 'screen',
              tubes: [{ code: next.code, scannedAt: new Date(next.scannedAt), persons: next.persons.map((idNumber) => ({ idNumber })) }],
            });
            setReachable(true);
            setBlocked(null);
            update((s) => ({ ...s, tubes: s.tubes.map((t) => (t.submissionId === next.submissionId ? { ...t, status: 'synced', persons: [] } : t)) }));
          } catch (err) {
            if (isTransient(err)) {
              // Order matters to the registrar reading the list: the rest wait behind this one.
              setReachable(!(err instanceof ApiError) || err.status !== 0);
              setBlocked(err instanceof ApiError && err.status === 401 ? err.message : null);
              return;
            }
            setReachable(true);
            update((s) => ({ ...s, tubes: s.tubes.map((t) => (t.submissionId === next.submissionId ? { ...t, status: 'attention', refusal: refusalOf(err) } : t)) }));
          }
        }
      } while (again.current);
    } finally {
      flushing.current = false;
      setSyncing(false);
    }
  }, [key, roundId, update]);

  useEffect(() => {
    setStored(read(key));
    const online = () => {
      setBrowserOnline(true);
      setReachable(true);
      void flush();
    };
    const offline = () => setBrowserOnline(false);
    const fromOtherTab = (e: StorageEvent) => {
      if (e.key === key) setStored(read(key));
    };
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    window.addEventListener('storage', fromOtherTab);
    const retry = setInterval(() => {
      if (read(key).tubes.some((t) => t.status === 'pending')) void flush();
    }, RETRY_MS);
    void flush();
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      window.removeEventListener('storage', fromOtherTab);
      clearInterval(retry);
    };
  }, [key, flush]);

  /** Seals a tube: it joins the queue at once and is sent when the network allows. */
  const seal = useCallback(
    (pointId: number, draft: DraftTube) => {
      const tube: SessionTube = {
        submissionId: newSubmissionId(),
        pointId,
        code: draft.code,
        persons: draft.persons,
        count: draft.persons.length,
        scannedAt: new Date().toISOString(),
        purpose: draft.purpose ?? 'screen',
        status: 'pending',
      };
      if (!update((s) => ({ tubes: [...s.tubes, tube], draft: null }))) return null;
      void flush();
      return tube;
    },
    [update, flush],
  );

  const setDraft = useCallback((draft: DraftTube | null) => void update((s) => ({ ...s, draft })), [update]);

  /** Takes a refused tube off the list and back to the desk, with what the server said, to be fixed and sealed again. */
  const reopen = useCallback(
    (submissionId: string, poolSize: number) =>
      update((s) => {
        const tube = s.tubes.find((t) => t.submissionId === submissionId);
        if (!tube || s.draft) return s;
        const problems = tube.refusal ? [tube.refusal.message, ...tube.refusal.problems] : [];
        return { tubes: s.tubes.filter((t) => t !== tube), draft: { code: tube.code, persons: tube.persons, poolSize: tube.purpose === 'retest' ? 1 : Math.max(poolSize, tube.persons.length), problems, purpose: tube.purpose } };
      }),
    [update],
  );

  const discard = useCallback((submissionId: string) => void update((s) => ({ ...s, tubes: s.tubes.filter((t) => t.submissionId !== submissionId) })), [update]);

  const pending = stored.tubes.filter((t) => t.status === 'pending').length;
  return {
    tubes: stored.tubes,
    draft: stored.draft,
    pending,
    attention: stored.tubes.filter((t) => t.status === 'attention').length,
    offline: !browserOnline || !reachable,
    syncing,
    blocked,
    storageFailed,
    seal,
    setDraft,
    reopen,
    discard,
    syncNow: () => {
      setReachable(true);
      void flush();
    },
  };
}
