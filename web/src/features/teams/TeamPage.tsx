import { useState, type HTMLAttributes } from 'react';
import { CalendarOutlined, CheckOutlined, CloseOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Input, Modal, Popconfirm, Select, Skeleton, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDateTime } from '../../app/format.ts';
import { NotFoundPage } from '../../app/NotFoundPage.tsx';
import { PageTitle } from '../../app/PageTitle.tsx';
import { useIsPhone, useTableSize } from '../../app/useIsPhone.ts';
import { useDecideSignup, useMoveMember, useRemoveMember, useTeam, type TShift, type TSignup, type TTeamDetail, type TTeamMember } from './api.ts';
import { AddMemberDialog, CaptainDialog, SquadDialog } from './CommandDialogs.tsx';
import { ScheduleShiftDialog } from './ScheduleShiftDialog.tsx';
import { CaptainTag, formatHours, SquadTag } from './TeamTags.tsx';

const errorText = (err: unknown, fallback: string) => (err instanceof ApiError ? err.message : fallback);

/** 报名待审核: approve (18 or over, trained: the server checks) or reject with a reason. */
function SignupsCard({ team }: { team: TTeamDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const decide = useDecideSignup();
  const [rejecting, setRejecting] = useState<TSignup | null>(null);
  const [reason, setReason] = useState('');
  const approve = (s: TSignup) =>
    decide
      .mutateAsync({ id: s.id })
      .then(() => void message.success(t('teams.signups.approved', { name: s.name })))
      .catch((err: unknown) => void message.error(errorText(err, t('errors.network'))));
  const reject = () =>
    rejecting &&
    decide
      .mutateAsync({ id: rejecting.id, reject: reason.trim() })
      .then(() => {
        void message.success(t('teams.signups.rejected', { name: rejecting.name }));
        setRejecting(null);
        setReason('');
      })
      .catch((err: unknown) => void message.error(errorText(err, t('errors.network'))));

  return (
    <Card size="small" title={t('teams.signups.title', { count: team.signups.length })} data-testid="signups-card">
      {team.signups.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('teams.signups.empty')} />
      ) : (
        <ul className="team-list">
          {team.signups.map((s) => (
            <li key={s.id} className="team-list-item" data-testid={`signup-${s.id}`} data-name={s.name}>
              <div className="team-list-main">
                <span className="team-list-name">{s.name}</span>
                <span className="muted">{t('teams.signups.line', { age: s.age, home: s.homeCommunity, phone: s.phone })}</span>
                <span className="tags">
                  {s.trained ? <Tag color="green">{t('teams.trained')}</Tag> : <Tag color="orange">{t('teams.untrained')}</Tag>}
                  {s.age < 18 && <Tag color="red">{t('teams.signups.minor')}</Tag>}
                  {s.partyMember && <Tag color="red">{t('teams.partyMember')}</Tag>}
                  {s.skills.map((k) => <Tag key={k}>{t(`teams.skills.${k}`, { defaultValue: k })}</Tag>)}
                </span>
              </div>
              <div className="team-list-actions">
                <Button type="primary" icon={<CheckOutlined />} loading={decide.isPending && decide.variables?.id === s.id && decide.variables.reject === undefined} onClick={() => void approve(s)} data-testid={`approve-${s.id}`}>
                  {t('teams.signups.approve')}
                </Button>
                <Button icon={<CloseOutlined />} onClick={() => setRejecting(s)} data-testid={`reject-${s.id}`}>{t('teams.signups.reject')}</Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <Modal
        open={rejecting !== null}
        title={t('teams.signups.rejectTitle', { name: rejecting?.name ?? '' })}
        okText={t('teams.signups.reject')}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: decide.isPending }}
        onOk={() => void reject()}
        onCancel={() => setRejecting(null)}
        destroyOnHidden
      >
        <Input.TextArea data-testid="reject-reason" value={reason} maxLength={300} onChange={(e) => setReason(e.target.value)} placeholder={t('teams.signups.reasonPlaceholder')} />
      </Modal>
    </Card>
  );
}

/** Who of a shift has signed in, out, or not yet. */
function ShiftMemberTag({ m }: { m: TShift['members'][number] }) {
  const { t } = useTranslation();
  const status = m.signedOutAt ? 'out' : m.signedInAt ? 'in' : 'waiting';
  const colour = { in: 'green', out: 'default', waiting: 'orange' }[status];
  return <Tag color={colour} data-testid={`shift-member-${m.personId}`} data-status={status}>{m.name} · {t(`teams.shifts.status.${status}`)}</Tag>;
}

function ShiftsCard({ team }: { team: TTeamDetail }) {
  const { t } = useTranslation();
  const [scheduling, setScheduling] = useState(false);
  return (
    <Card
      size="small"
      title={t('teams.shifts.title')}
      data-testid="shifts-card"
      extra={team.mayManage && <Button type="primary" icon={<CalendarOutlined />} onClick={() => setScheduling(true)} data-testid="schedule-shift">{t('teams.shifts.schedule')}</Button>}
    >
      {team.shifts.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('teams.shifts.empty')} />
      ) : (
        <ul className="team-list">
          {team.shifts.map((s) => (
            <li key={s.id} className="team-list-item" data-testid={`shift-${s.id}`} data-post={s.postName}>
              <div className="team-list-main">
                <span className="team-list-name"><EnvironmentOutlined /> {t(`teams.postTypes.${s.postType}`)} · {s.postName}</span>
                <span className="muted">{formatDateTime(s.startsAt)} – {formatDateTime(s.endsAt)}</span>
                <span className="tags">{s.members.map((m) => <ShiftMemberTag key={m.personId} m={m} />)}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {team.mayManage && <ScheduleShiftDialog team={team} open={scheduling} onClose={() => setScheduling(false)} />}
    </Card>
  );
}

function MembersCard({ team }: { team: TTeamDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const size = useTableSize();
  const move = useMoveMember(team.id);
  const remove = useRemoveMember(team.id);
  const [filter, setFilter] = useState('');
  const [adding, setAdding] = useState(false);
  const squadName = new Map(team.squads.map((s) => [s.id, s.name]));
  const term = filter.trim();
  const rows = term ? team.roster.filter((m) => m.name.includes(term) || (m.homeCommunity ?? '').includes(term)) : team.roster;
  const squadCell = (m: TTeamMember) =>
    team.mayManage ? (
      <Select<number | 'none'>
        size="small"
        className="squad-select"
        data-testid={`member-squad-${m.memberId}`}
        value={m.squadId ?? 'none'}
        onChange={(v) =>
          void move
            .mutateAsync({ memberId: m.memberId, squadId: v === 'none' ? null : v })
            .then(() => void message.success(t('teams.members.moved', { name: m.name })))
            .catch((err: unknown) => void message.error(errorText(err, t('errors.network'))))
        }
        options={[{ value: 'none' as const, label: t('teams.members.reserve') }, ...team.squads.map((s) => ({ value: s.id, label: s.name }))]}
      />
    ) : (
      (m.squadId && squadName.get(m.squadId)) ?? t('teams.members.reserve')
    );
  const leave = (m: TTeamMember) =>
    team.mayManage && (
      <Popconfirm
        title={t('teams.members.leaveTitle', { name: m.name })}
        okButtonProps={{ danger: true }}
        onConfirm={() =>
          remove
            .mutateAsync(m.memberId)
            .then(() => void message.success(t('teams.members.left', { name: m.name })))
            .catch((err: unknown) => void message.error(errorText(err, t('errors.network'))))
        }
      >
        <Button size="small" danger data-testid={`member-leave-${m.memberId}`}>{t('teams.members.leave')}</Button>
      </Popconfirm>
    );
  const tags = (m: TTeamMember) => (
    <span className="tags">
      {m.partyMember && <Tag color="red">{t('teams.partyMember')}</Tag>}
      {!m.trained && <Tag color="orange">{t('teams.untrained')}</Tag>}
      {m.skills.map((k) => <Tag key={k}>{t(`teams.skills.${k}`, { defaultValue: k })}</Tag>)}
    </span>
  );
  const columns: TableColumnsType<TTeamMember> = isPhone
    ? [{
        key: 'member',
        title: t('teams.members.name'),
        render: (_, m) => (
          <div className="point-cell">
            <span className="point-cell-head">{m.name}{m.personId === team.captain?.personId && <Tag color="gold">{t('teams.captain')}</Tag>}</span>
            <span className="muted">{m.phone} · {m.homeCommunity} · {t('teams.hours', { hours: formatHours(m.hours) })}</span>
            {tags(m)}
            <span className="tags">{squadCell(m)}{leave(m)}</span>
          </div>
        ),
      }]
    : [
        { key: 'name', title: t('teams.members.name'), render: (_, m) => <>{m.name}{m.personId === team.captain?.personId && <Tag color="gold" className="tag-after">{t('teams.captain')}</Tag>}</> },
        { key: 'squad', title: t('teams.members.squad'), render: (_, m) => squadCell(m) },
        { key: 'phone', title: t('teams.members.phone'), dataIndex: 'phone' },
        { key: 'home', title: t('teams.members.home'), dataIndex: 'homeCommunity' },
        { key: 'tags', title: t('teams.members.skills'), render: (_, m) => tags(m) },
        { key: 'availability', title: t('teams.members.availability'), render: (_, m) => m.availability.join(t('common.listSeparator')) },
        { key: 'hours', title: t('teams.members.hours'), render: (_, m) => formatHours(m.hours) },
        ...(team.mayManage ? [{ key: 'leave', title: '', render: (_: unknown, m: TTeamMember) => leave(m) }] : []),
      ];
  return (
    <Card
      size="small"
      title={t('teams.members.title', { count: team.roster.length })}
      data-testid="members-card"
      extra={
        <span className="tags">
          <Input.Search allowClear size="small" className="members-search" data-testid="members-search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t('teams.members.search')} />
          {team.mayManage && <Button size="small" type="primary" onClick={() => setAdding(true)} data-testid="add-member">{t('teams.command.member')}</Button>}
        </span>
      }
    >
      <Table<TTeamMember>
        data-testid="members-table"
        rowKey="memberId"
        size={size}
        columns={columns}
        dataSource={rows}
        scroll={isPhone ? undefined : { x: 'max-content' }}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(m) => ({ 'data-person-id': m.personId }) as HTMLAttributes<HTMLElement>}
      />
      {team.mayManage && <AddMemberDialog team={team} open={adding} onClose={() => setAdding(false)} />}
    </Card>
  );
}

function TeamView({ id }: { id: number }) {
  const { t } = useTranslation();
  const query = useTeam(id);
  const [dialog, setDialog] = useState<'captain' | 'squad' | null>(null);
  const team = query.data;
  if (query.isError) return <div className="page"><ErrorAlert error={query.error} onRetry={() => void query.refetch()} /></div>;
  if (!team) return <div className="page"><Card><Skeleton active /></Card></div>;
  const showSignups = team.mayManage || team.signups.length > 0;
  return (
    <div className="page" data-testid="team-page">
      <PageTitle
        extra={team.mayCommand && (
          <>
            <Button type={team.captain ? 'default' : 'primary'} onClick={() => setDialog('captain')} data-testid="assign-captain">{t('teams.command.captain')}</Button>
            <Button onClick={() => setDialog('squad')} data-testid="new-squad">{t('teams.command.squad')}</Button>
          </>
        )}
      >
        {team.name}
      </PageTitle>
      <div className="response-meta tags" data-testid="team-meta">
        <Tag>{team.parentUnit}</Tag>
        <Tag icon={<EnvironmentOutlined />}>{team.region.name}</Tag>
        <CaptainTag team={team} />
        <Tag data-testid="team-member-count">{t('teams.memberCount', { count: team.members })}</Tag>
        <Tag data-testid="team-hours">{t('teams.hours', { hours: formatHours(team.hours) })}</Tag>
      </div>
      <Card size="small" title={t('teams.squads')} data-testid="squads-card">
        {team.squads.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('teams.noSquads')} /> : (
          <span className="tags">
            {team.squads.map((s) => <span key={s.id} className="squad-item"><SquadTag squad={s} /><span className="muted">{t(`teams.kinds.${s.kind}`)}{s.region ? ` · ${s.region.name}` : ''}</span></span>)}
          </span>
        )}
      </Card>
      {showSignups && <SignupsCard team={team} />}
      <ShiftsCard team={team} />
      <MembersCard team={team} />
      {team.mayCommand && <CaptainDialog team={team} open={dialog === 'captain'} onClose={() => setDialog(null)} />}
      {team.mayCommand && <SquadDialog team={team} open={dialog === 'squad'} onClose={() => setDialog(null)} />}
    </div>
  );
}

/** 志愿服务队: squads, members, sign-ups waiting, shifts with who has signed in, and hours. */
export default function TeamPage() {
  const id = Number(useParams().id);
  return Number.isInteger(id) && id > 0 ? <TeamView key={id} id={id} /> : <NotFoundPage />;
}
