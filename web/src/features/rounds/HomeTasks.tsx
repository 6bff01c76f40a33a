import { useState, type HTMLAttributes } from 'react';
import { HomeOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Pagination, Segmented, Select, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { HOME_TASK_REASONS } from '../../../../contracts/rounds.ts';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatCount, formatDateTime } from '../../app/format.ts';
import { useTableSize } from '../../app/useIsPhone.ts';
import { useCurrentUser } from '../auth/api.ts';
import { SpecialGroupTags } from '../residents/SpecialGroupTags.tsx';
import {
  useGenerateHomeTasks,
  useHandOff,
  useHomeSquads,
  useHomeTasks,
  type THomeSquad,
  type TGeneratedHomeTasks,
  type THomeTask,
  type THomeTaskBuilding,
  type THomeTaskStatus,
  type TRound,
} from './api.ts';
import { HOME_TASK_REASON_COLOURS } from './labels.ts';

/** Buildings per page on screen; a page prints as it is shown. */
const BUILDINGS_PER_PAGE = 20;

/** What the last "generate" opened, reason by reason. */
function Generated({ outcome }: { outcome: TGeneratedHomeTasks }) {
  const { t } = useTranslation();
  const reasons = HOME_TASK_REASONS.filter((r) => (outcome.byReason[r] ?? 0) > 0);
  return (
    <Alert
      className="no-print section"
      type={outcome.opened > 0 ? 'success' : 'info'}
      showIcon
      data-testid="home-generated"
      data-opened={outcome.opened}
      title={outcome.opened > 0 ? t('rounds.home.generated', { count: outcome.opened, formatted: formatCount(outcome.opened) }) : t('rounds.home.generatedNone')}
      description={
        reasons.length > 0 && (
          <span className="tags">
            {reasons.map((r) => (
              <Tag key={r} color={HOME_TASK_REASON_COLOURS[r]} data-testid={`home-generated-${r}`}>
                {t(`rounds.home.reasons.${r}`)} {formatCount(outcome.byReason[r])}
              </Tag>
            ))}
          </span>
        )
      }
    />
  );
}

/** Squad choices: label, and where the squad works under it. */
const squadOptions = (squads: THomeSquad[]) =>
  squads.map((q) => ({ value: q.id, label: q.label, where: q.where, members: q.members }));

function SquadOption({ label, where, members }: { label: string; where: string; members: number }) {
  const { t } = useTranslation();
  return (
    <div className="region-option">
      <span className="region-option-name">{label}</span>
      <span className="region-option-path">{where} · {t('rounds.home.members', { count: members })}</span>
    </div>
  );
}

/** A building's open tasks handed to a door-to-door squad, in one step. */
function HandOff({ roundId, building, squads }: { roundId: number; building: THomeTaskBuilding; squads: THomeSquad[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handOff = useHandOff(roundId);
  const choose = (squadId: number) =>
    handOff
      .mutateAsync({ buildingIds: [building.buildingId], squadId })
      .then((r) => void message.success(t('rounds.home.handedOff', { count: r.moved, squad: r.squad, building: building.building })))
      .catch((err: unknown) => void message.error(err instanceof ApiError ? err.message : t('errors.network')));
  return (
    <Select<number>
      className="no-print home-handoff"
      size="small"
      data-testid="home-handoff"
      placeholder={t('rounds.home.handOff')}
      value={null}
      loading={handOff.isPending}
      showSearch={{ optionFilterProp: 'label' }}
      popupMatchSelectWidth={false}
      onChange={(v) => void choose(v)}
      options={squadOptions(squads)}
      optionRender={({ data }) => <SquadOption label={String(data.label)} where={data.where} members={data.members} />}
    />
  );
}

function BuildingTasks({ roundId, building, done, squads }: { roundId: number; building: THomeTaskBuilding; done: boolean; squads: THomeSquad[] | null }) {
  const { t } = useTranslation();
  const tableSize = useTableSize();
  const handedTo = [...new Set(building.tasks.map((task) => task.squad).filter((s): s is string => s !== null))];
  const columns: TableColumnsType<THomeTask> = [
    { key: 'door', title: t('rounds.untested.door'), dataIndex: 'door', render: (v: string) => <span className="mono">{v}</span> },
    { key: 'name', title: t('rounds.untested.name'), dataIndex: 'name', render: (v: string) => <span className="nowrap" data-testid="home-task-name">{v}</span> },
    { key: 'idNumber', title: t('rounds.untested.idNumber'), dataIndex: 'idNumber', render: (v: string) => <span className="mono" data-testid="home-task-id">{v}</span> },
    { key: 'phone', title: t('rounds.untested.phone'), dataIndex: 'phone', render: (v: string | null) => <span className="mono">{v ?? t('common.none')}</span> },
    {
      key: 'reason',
      title: t('rounds.home.reason'),
      render: (_, task) => (
        <span className="tags nowrap">
          {task.urgent && <Tag color="red" data-testid="home-task-urgent">{t('rounds.home.urgent')}</Tag>}
          <Tag color={HOME_TASK_REASON_COLOURS[task.reason]} data-testid="home-task-reason" data-reason={task.reason}>{t(`rounds.home.reasons.${task.reason}`)}</Tag>
        </span>
      ),
    },
    { key: 'groups', title: t('rounds.untested.specialGroups'), render: (_, task) => <SpecialGroupTags groups={task.specialGroups} /> },
    done
      ? { key: 'closedAt', title: t('rounds.home.closedAt'), render: (_, task) => <span className="mono nowrap">{task.closedAt ? formatDateTime(task.closedAt) : ''}</span> }
      : // On paper the squad ticks each door off.
        { key: 'outcome', title: t('rounds.home.outcome'), className: 'print-col sweep-outcome', render: () => null },
  ];
  return (
    <div className="home-building" data-testid={`home-building-${building.buildingId}`} data-building={building.building}>
      <div className="home-building-head">
        <strong>{building.building}</strong>
        <span className="muted">{building.where}</span>
        <span className="muted">{t('rounds.untested.count', { count: building.tasks.length, formatted: formatCount(building.tasks.length) })}</span>
        {handedTo.map((s) => <Tag key={s} color="blue" data-testid="home-building-squad">{s}</Tag>)}
        {!done && squads && squads.length > 0 && <HandOff roundId={roundId} building={building} squads={squads} />}
      </div>
      <Table<THomeTask>
        rowKey="id"
        size={tableSize}
        columns={columns}
        dataSource={building.tasks}
        scroll={{ x: 'max-content' }}
        pagination={false}
        onRow={(task) => ({ 'data-testid': `home-task-${task.id}`, 'data-urgent': String(task.urgent), 'data-reason': task.reason }) as HTMLAttributes<HTMLElement>}
      />
    </div>
  );
}

/**
 * 上门采样: those who cannot come to a point — sealed and high-risk areas, the bedridden, the disabled,
 * the very old, people recalled for a retest — by building for the door-to-door squads, urgent first.
 */
export function HomeTasks({ round }: { round: TRound }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const mayCommand = me.mayCommand;
  const mayHandOff = round.status === 'open' && (mayCommand || me.role === 'point_chief' || me.role === 'team_captain');
  const [status, setStatus] = useState<THomeTaskStatus>('open');
  const [squadId, setSquadId] = useState<number | undefined>(undefined);
  const [page, setPage] = useState(1);
  const tasks = useHomeTasks(round.id, status, squadId);
  const squads = useHomeSquads(round.id, true);
  const generate = useGenerateHomeTasks(round.id);
  const data = tasks.data;
  const buildings = data?.buildings ?? [];
  const shown = buildings.slice((page - 1) * BUILDINGS_PER_PAGE, page * BUILDINGS_PER_PAGE);
  const done = status === 'done';

  const run = () =>
    generate.mutateAsync().catch((err: unknown) => void message.error(err instanceof ApiError ? err.message : t('errors.network')));

  return (
    <Card
      size="small"
      className="sweep-card"
      data-testid="home-tasks"
      title={
        <span>
          {t('rounds.home.title')}
          {data && (
            <span className="card-hint" data-testid="home-total" data-total={data.total}>
              {t(done ? 'rounds.home.countDone' : 'rounds.home.count', { formatted: formatCount(data.total) })}
              {!done && data.urgent > 0 && <> · <span className="danger-text" data-testid="home-urgent">{t('rounds.home.urgentCount', { formatted: formatCount(data.urgent) })}</span></>}
            </span>
          )}
        </span>
      }
    >
      {data && data.listed < data.total && (
        <Alert type="info" showIcon className="no-print section" data-testid="home-partial" title={t('rounds.home.partial', { listed: formatCount(data.listed), total: formatCount(data.total) })} />
      )}
      <div className="print-only sweep-print-head">
        <h2>{t('rounds.home.printTitle', { round: round.name })}</h2>
        <div>{t('rounds.home.printedAt', { at: formatDateTime(new Date().toISOString()), count: data?.total ?? 0 })}</div>
      </div>
      <div className="sweep-toolbar no-print">
        <Segmented<THomeTaskStatus>
          data-testid="home-status"
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={[
            { value: 'open', label: t('rounds.home.statusOpen') },
            { value: 'done', label: t('rounds.home.statusDone') },
          ]}
        />
        <Select<number>
          allowClear
          data-testid="home-squad-filter"
          className="home-squad-filter"
          placeholder={t('rounds.home.allSquads')}
          value={squadId}
          loading={squads.isPending}
          showSearch={{ optionFilterProp: 'label' }}
          popupMatchSelectWidth={false}
          onChange={(v) => {
            setSquadId(v ?? undefined);
            setPage(1);
          }}
          options={squadOptions(squads.data ?? [])}
          optionRender={({ data }) => <SquadOption label={String(data.label)} where={data.where} members={data.members} />}
        />
        {mayCommand && round.status === 'open' && (
          <Button type="primary" icon={<HomeOutlined />} loading={generate.isPending} data-testid="home-generate" onClick={() => void run()}>
            {t('rounds.home.generate')}
          </Button>
        )}
        <Button icon={<PrinterOutlined />} data-testid="home-print" onClick={() => window.print()}>{t('rounds.home.print')}</Button>
      </div>
      {mayCommand && <div className="muted no-print home-help">{t('rounds.home.help')}</div>}
      {generate.data && <Generated outcome={generate.data} />}
      {tasks.isError ? (
        <ErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : tasks.isPending ? (
        <Table loading columns={[]} dataSource={[]} />
      ) : buildings.length === 0 ? (
        <div className="muted home-empty" data-testid="home-empty">{t(done ? 'rounds.home.noneDone' : 'rounds.home.none')}</div>
      ) : (
        <div className="home-buildings" data-testid="home-buildings">
          {shown.map((b) => <BuildingTasks key={b.buildingId} roundId={round.id} building={b} done={done} squads={mayHandOff ? (squads.data ?? null) : null} />)}
          {buildings.length > BUILDINGS_PER_PAGE && (
            <Pagination
              className="no-print"
              size="small"
              current={page}
              pageSize={BUILDINGS_PER_PAGE}
              total={buildings.length}
              showSizeChanger={false}
              onChange={setPage}
            />
          )}
        </div>
      )}
    </Card>
  );
}
