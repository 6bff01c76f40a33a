import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { ArrowLeftOutlined, CloseOutlined, CloudSyncOutlined, DisconnectOutlined, EditOutlined, LockOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Popconfirm, Segmented, Select, Skeleton, Tag, type InputRef } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { maskIdNumber } from '../../../../contracts/idcard.ts';
import type { TPointSummary } from '../../../../contracts/points.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDateTime } from '../../app/format.ts';
import { PageTitle } from '../../app/PageTitle.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { usePointChoices, useRound, type TRound } from './api.ts';
import { poolLabel, POOL_SIZE_LIST } from './labels.ts';
import { readScan, type DraftTube, type ScanProblem, type ScanPurpose } from './scanRules.ts';
import { useScanSession, type SessionTube, type TubeStatus } from './useScanSession.ts';

/** Points where swabs can be taken now; the others are listed but cannot be chosen. */
const RUNNING = new Set<TPointSummary['status']>(['setting_up', 'open', 'paused', 'relocating']);

const STATUS_COLOURS: Record<TubeStatus, string> = { synced: 'success', pending: 'warning', attention: 'error' };

function problemText(t: TFunction, p: ScanProblem): string {
  switch (p.key) {
    case 'idProblem':
      return t('rounds.scan.problems.idProblem', { n: p.n, id: p.id, problem: t(`rounds.idProblems.${p.reason}`) });
    case 'tubeFirst':
      return t('rounds.scan.problems.tubeFirst');
    case 'tubeCodeFormat':
      return t('rounds.scan.problems.tubeCodeFormat', { code: p.code });
    case 'tubeUsed':
      return t('rounds.scan.problems.tubeUsed', { code: p.code });
    case 'poolFull':
      return t('rounds.scan.problems.poolFull', { size: p.size });
    case 'notAnId':
      return t('rounds.scan.problems.notAnId', { value: p.value });
    case 'personTwice':
      return t('rounds.scan.problems.personTwice', { n: p.n, id: p.id });
  }
}

/**
 * Whether the focus is somewhere the scanner's input must not take it from: a field the user types
 * into, or an open dialog, confirmation or list (Enter there answers it, and must not seal a tube).
 */
const focusedElsewhere = (el: Element | null) =>
  el instanceof HTMLTextAreaElement ||
  (el instanceof HTMLInputElement && !['radio', 'checkbox', 'button', 'submit', 'reset'].includes(el.type)) ||
  (el instanceof HTMLElement && el.isContentEditable) ||
  !!el?.closest('.ant-popover, .ant-modal-wrap, .ant-select-dropdown, .ant-drawer') ||
  !!document.querySelector('.ant-modal-wrap');

/** 离线 · 待同步 3, or 在线 · 已全部同步: what the registrar needs to know about the queue at a glance. */
function SyncStatus({ offline, pending, attention, syncing, onSync }: { offline: boolean; pending: number; attention: number; syncing: boolean; onSync: () => void }) {
  const { t } = useTranslation();
  const link = offline ? t('rounds.scan.offline') : t('rounds.scan.online');
  const queue = pending > 0 ? t('rounds.scan.pending', { count: pending }) : t('rounds.scan.allSynced');
  return (
    <span className="scan-sync">
      <Tag
        color={offline ? 'default' : pending > 0 ? 'warning' : 'success'}
        icon={offline ? <DisconnectOutlined /> : <CloudSyncOutlined spin={syncing && pending > 0} />}
        data-testid="sync-status"
        data-offline={offline}
        data-pending={pending}
      >
        {link} · {queue}
      </Tag>
      {attention > 0 && <Tag color="error" data-testid="sync-attention">{t('rounds.scan.attentionCount', { count: attention })}</Tag>}
      {pending > 0 && !offline && !syncing && (
        <Button size="small" onClick={onSync} data-testid="sync-now">{t('rounds.scan.syncNow')}</Button>
      )}
    </span>
  );
}

function TubeRow({ tube, pointName, mayReopen, onReopen, onDiscard }: { tube: SessionTube; pointName?: string; mayReopen: boolean; onReopen: () => void; onDiscard: () => void }) {
  const { t } = useTranslation();
  return (
    <li className={`scan-tube scan-tube-${tube.status}`} data-testid="session-tube" data-code={tube.code} data-status={tube.status} data-submission-id={tube.submissionId}>
      <div className="scan-tube-head">
        <span className="mono scan-tube-code">{tube.code}</span>
        <span className="muted">{t('rounds.scan.persons', { count: tube.count })}</span>
        {tube.purpose === 'retest' && <Tag color="volcano" data-testid="session-tube-retest">{t('rounds.scan.purposes.retest')}</Tag>}
        <Tag color={STATUS_COLOURS[tube.status]} data-testid="session-tube-status">{t(`rounds.scan.statuses.${tube.status}`)}</Tag>
      </div>
      <div className="muted scan-tube-meta">
        <span className="mono">{formatDateTime(tube.scannedAt)}</span>
        {pointName && <span>{pointName}</span>}
      </div>
      {tube.status === 'attention' && tube.refusal && (
        <div className="scan-tube-refusal" data-testid="session-tube-refusal">
          <div>{tube.refusal.message}</div>
          {tube.refusal.problems.length > 0 && (
            <ul>
              {tube.refusal.problems.map((p, i) => <li key={i}>{p}</li>)}
            </ul>
          )}
          <div className="scan-tube-actions">
            <Button size="small" icon={<EditOutlined />} disabled={!mayReopen} onClick={onReopen} data-testid="session-tube-reopen">{t('rounds.scan.reopen')}</Button>
            <Popconfirm title={t('rounds.scan.discardTitle', { code: tube.code })} okText={t('rounds.scan.discard')} okButtonProps={{ danger: true }} onConfirm={onDiscard}>
              <Button size="small" danger data-testid="session-tube-discard">{t('rounds.scan.discard')}</Button>
            </Popconfirm>
          </div>
        </div>
      )}
    </li>
  );
}

type Feedback = { type: 'error' | 'success'; text: string } | null;

function ScanDesk({ round, username }: { round: TRound; username: string }) {
  const { t } = useTranslation();
  const session = useScanSession(round.id, username);
  const points = usePointChoices();
  const [params, setParams] = useSearchParams();
  const pointParam = Number(params.get('point'));
  const pointId = pointParam > 0 ? pointParam : undefined;
  /** 复核单采 is chosen in the address, so a reload or a bookmark keeps the desk in the same mode. */
  const chosenPurpose: ScanPurpose = params.get('purpose') === 'retest' ? 'retest' : 'screen';
  const [value, setValue] = useState('');
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [nextPool, setNextPool] = useState<number>(round.defaultPoolSize);
  const input = useRef<InputRef>(null);
  const { draft } = session;
  const open = round.status === 'open';
  const ready = open && pointId !== undefined;
  const pointList = useMemo(() => points.data ?? [], [points.data]);
  const running = pointList.filter((p) => RUNNING.has(p.status));
  const nameOf = useMemo(() => new Map(pointList.map((p) => [p.id, p.name])), [pointList]);
  const usedCodes = useMemo(() => new Set(session.tubes.map((tube) => tube.code)), [session.tubes]);
  // An open tube keeps the mode it was started in; a retest is always a single tube.
  const purpose: ScanPurpose = draft ? (draft.purpose ?? 'screen') : chosenPurpose;
  const pool = purpose === 'retest' ? 1 : (draft?.poolSize ?? nextPool);

  const refocus = useCallback(() => requestAnimationFrame(() => input.current?.focus({ preventScroll: true })), []);
  const setParam = useCallback(
    (name: string, value: string | null) => {
      setParams((p) => {
        const next = new URLSearchParams(p);
        if (value === null) next.delete(name);
        else next.set(name, value);
        return next;
      }, { replace: true });
      refocus();
    },
    [setParams, refocus],
  );
  const choosePoint = useCallback((id: number) => setParam('point', String(id)), [setParam]);
  const choosePurpose = (p: ScanPurpose) => setParam('purpose', p === 'retest' ? 'retest' : null);

  // A registrar with one point in reach need not pick it.
  useEffect(() => {
    if (pointId === undefined && running.length === 1) choosePoint(running[0].id);
  }, [pointId, running, choosePoint]);

  // Keys typed while nothing that takes typing has the focus (a button was clicked last) go to the scanner.
  useEffect(() => {
    if (!ready) return;
    refocus();
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (focusedElsewhere(document.activeElement)) return;
      if (e.key.length === 1 || e.key === 'Enter') input.current?.focus({ preventScroll: true });
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [ready, refocus]);

  const seal = () => {
    if (!draft || draft.persons.length === 0 || pointId === undefined) return;
    const tube = session.seal(pointId, draft);
    setFeedback(tube ? { type: 'success', text: t('rounds.scan.sealed', { code: tube.code, count: tube.count }) } : { type: 'error', text: t('rounds.scan.storageFailed') });
    refocus();
  };

  const onScan = (raw: string) => {
    const step = readScan(raw, draft, usedCodes);
    if (step.kind === 'nothing') return;
    if (step.kind === 'refuse') return setFeedback({ type: 'error', text: problemText(t, step.problem) });
    if (step.kind === 'seal') return seal();
    if (step.kind === 'startTube') {
      session.setDraft({ code: step.code, persons: [], poolSize: pool, problems: [], purpose });
      return setFeedback({ type: 'success', text: t(purpose === 'retest' ? 'rounds.scan.retestStarted' : 'rounds.scan.tubeStarted', { code: step.code }) });
    }
    const persons = [...draft!.persons, step.idNumber];
    session.setDraft({ ...draft!, persons });
    setFeedback({
      type: 'success',
      text: persons.length >= draft!.poolSize ? t('rounds.scan.full', { size: draft!.poolSize }) : t('rounds.scan.added', { n: persons.length, id: maskIdNumber(step.idNumber) }),
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    e.preventDefault();
    onScan(e.currentTarget.value);
    setValue('');
  };

  const removePerson = (index: number) => {
    if (!draft) return;
    session.setDraft({ ...draft, persons: draft.persons.filter((_, i) => i !== index) });
    refocus();
  };
  const setPool = (size: number) => {
    if (draft) session.setDraft({ ...draft, poolSize: size });
    else setNextPool(size);
    refocus();
  };

  const placeholder = !draft
    ? t('rounds.scan.placeholderTube')
    : draft.persons.length >= draft.poolSize
      ? t('rounds.scan.placeholderFull')
      : t('rounds.scan.placeholderPerson', { n: draft.persons.length + 1 });
  const newestFirst = [...session.tubes].reverse();

  return (
    <div className="page scan-page" data-testid="scan-page">
      <div>
        <Link to={`/rounds/${round.id}`} className="back-link"><ArrowLeftOutlined /> {round.name}</Link>
      </div>
      <PageTitle extra={<SyncStatus offline={session.offline} pending={session.pending} attention={session.attention} syncing={session.syncing} onSync={session.syncNow} />}>
        {t('rounds.scan.title')}
      </PageTitle>
      {!open && <Alert type="warning" showIcon title={t('rounds.scan.closed')} data-testid="scan-closed" />}
      {session.blocked && <Alert type="error" showIcon title={t('rounds.scan.blocked', { reason: session.blocked })} data-testid="scan-blocked" />}
      {points.isError && <ErrorAlert error={points.error} onRetry={() => void points.refetch()} />}
      <div className="scan-layout">
        <Card size="small" className="scan-desk" data-testid="scan-desk">
          <div className="scan-setup">
            <label className="field scan-field">
              <span className="muted">{t('rounds.scan.point')}</span>
              <Select<number>
                data-testid="scan-point"
                className="full-width"
                value={pointId}
                placeholder={t('rounds.scan.pointPlaceholder')}
                loading={points.isPending}
                showSearch={{ optionFilterProp: 'label' }}
                onChange={choosePoint}
                options={pointList.map((p) => ({ value: p.id, label: p.name, disabled: !RUNNING.has(p.status), where: p.where }))}
                optionRender={({ data }) => (
                  <div className="region-option">
                    <span className="region-option-name">{data.label}</span>
                    <span className="region-option-path">{data.where}</span>
                  </div>
                )}
              />
            </label>
            <label className="field scan-field">
              <span className="muted">{t('rounds.scan.purpose')}</span>
              <Segmented<ScanPurpose>
                data-testid="scan-purpose"
                value={purpose}
                onChange={choosePurpose}
                disabled={!!draft}
                options={[
                  { value: 'screen', label: t('rounds.scan.purposes.screen') },
                  { value: 'retest', label: t('rounds.scan.purposes.retest') },
                ]}
              />
            </label>
            <label className="field scan-field">
              <span className="muted">{t('rounds.scan.pool')}</span>
              <Segmented<number>
                data-testid="scan-pool"
                value={pool}
                onChange={setPool}
                disabled={purpose === 'retest'}
                options={POOL_SIZE_LIST.filter((n) => n <= round.defaultPoolSize).map((n) => ({ value: n, label: poolLabel(t, n), disabled: (draft?.persons.length ?? 0) > n }))}
              />
            </label>
          </div>
          {purpose === 'retest' && <Alert type="warning" showIcon title={t('rounds.scan.retestHint')} data-testid="scan-retest-hint" />}
          {open && pointId === undefined && <Alert type="info" showIcon title={t('rounds.scan.pickPoint')} data-testid="scan-pick-point" />}
          <Input
            ref={input}
            data-testid="scan-input"
            className="scan-input mono"
            size="large"
            value={value}
            disabled={!ready}
            status={feedback?.type === 'error' ? 'error' : undefined}
            placeholder={placeholder}
            autoComplete="off"
            autoCorrect="off"
            autoCapitalize="characters"
            spellCheck={false}
            enterKeyHint="enter"
            aria-label={placeholder}
            onChange={(e) => setValue(e.target.value)}
            onKeyDown={onKeyDown}
            onBlur={() =>
              setTimeout(() => {
                if (!focusedElsewhere(document.activeElement)) refocus();
              }, 0)
            }
          />
          <div className={`scan-feedback scan-feedback-${feedback?.type ?? 'none'}`} role={feedback?.type === 'error' ? 'alert' : 'status'} data-testid={feedback?.type === 'error' ? 'scan-error' : 'scan-ok'}>
            {feedback?.text ?? t('rounds.scan.hint')}
          </div>
          <CurrentTube draft={draft} onRemove={removePerson} onSeal={seal} onCancel={() => { session.setDraft(null); setFeedback(null); refocus(); }} />
        </Card>
        <Card
          size="small"
          className="scan-session"
          title={t('rounds.scan.session')}
          data-testid="session-tubes"
        >
          {newestFirst.length === 0 ? (
            <div className="muted">{t('rounds.scan.sessionEmpty')}</div>
          ) : (
            <ul className="scan-tubes">
              {newestFirst.map((tube) => (
                <TubeRow
                  key={tube.submissionId}
                  tube={tube}
                  pointName={nameOf.get(tube.pointId)}
                  mayReopen={!draft}
                  onReopen={() => {
                    session.reopen(tube.submissionId, pool);
                    refocus();
                  }}
                  onDiscard={() => session.discard(tube.submissionId)}
                />
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}

/** The tube on the desk: its code, the count against the pool ("3/10"), who is in it, and the seal button. */
function CurrentTube({ draft, onRemove, onSeal, onCancel }: { draft: DraftTube | null; onRemove: (index: number) => void; onSeal: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  if (!draft) return null;
  const full = draft.persons.length >= draft.poolSize;
  // Buttons keep the focus in the scanner's input: a mouse-down would otherwise take it.
  const keepFocus = (e: { preventDefault(): void }) => e.preventDefault();
  return (
    <div className="scan-tube-current" data-testid="scan-current">
      <div className="scan-current-head">
        <span>
          <span className="muted">{t('rounds.scan.tube')} </span>
          <span className="mono scan-current-code" data-testid="scan-tube-code">{draft.code}</span>
        </span>
        <span className={`scan-counter${full ? ' scan-counter-full' : ''}`} data-testid="scan-counter">{draft.persons.length}/{draft.poolSize}</span>
      </div>
      {draft.problems.length > 0 && (
        <Alert type="warning" showIcon className="scan-current-problems" title={draft.problems[0]} description={draft.problems.length > 1 ? <ul>{draft.problems.slice(1).map((p, i) => <li key={i}>{p}</li>)}</ul> : undefined} />
      )}
      <ol className="scan-persons" data-testid="scan-persons">
        {draft.persons.map((id, i) => (
          <li key={id} className="scan-person">
            <span className="mono">{maskIdNumber(id)}</span>
            <Button size="small" type="text" icon={<CloseOutlined />} aria-label={t('rounds.scan.remove')} onMouseDown={keepFocus} onClick={() => onRemove(i)} data-testid={`scan-person-remove-${i + 1}`} />
          </li>
        ))}
      </ol>
      <div className="scan-current-actions">
        <Button type="primary" size="large" icon={<LockOutlined />} disabled={draft.persons.length === 0} onMouseDown={keepFocus} onClick={onSeal} data-testid="scan-seal">
          {t('rounds.scan.seal')}
        </Button>
        {draft.persons.length === 0 ? (
          <Button size="large" onMouseDown={keepFocus} onClick={onCancel} data-testid="scan-cancel">{t('rounds.scan.cancel')}</Button>
        ) : (
          <Popconfirm title={t('rounds.scan.cancelTitle', { code: draft.code, count: draft.persons.length })} okText={t('rounds.scan.cancel')} okButtonProps={{ danger: true }} onConfirm={onCancel}>
            <Button size="large" data-testid="scan-cancel">{t('rounds.scan.cancel')}</Button>
          </Popconfirm>
        )}
      </div>
    </div>
  );
}

/**
 * 扫码采样, the registrar's page at a sampling point: a keyboard-wedge scanner (or typing) fills a
 * tube (its code, then each person's ID number), the tube is sealed and queued, and the queue is
 * sent when there is network. It keeps working through a lost signal and a reload.
 */
export default function ScanPage() {
  const id = Number(useParams().id);
  const me = useCurrentUser();
  const round = useRound(id);
  if (round.isError) return <div className="page"><ErrorAlert error={round.error} onRetry={() => void round.refetch()} /></div>;
  if (!round.data) return <div className="page"><Card><Skeleton active /></Card></div>;
  return <ScanDesk round={round.data} username={me.username} />;
}
