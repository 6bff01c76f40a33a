import { useState, type HTMLAttributes } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatCount } from '../../app/format.ts';
import { PageTitle } from '../../app/PageTitle.tsx';
import { useIsPhone, useTableSize } from '../../app/useIsPhone.ts';
import { useMayCommand } from '../auth/api.ts';
import { useTeams, type TTeamSummary } from './api.ts';
import { NewTeamDialog } from './CommandDialogs.tsx';
import { CaptainTag, formatHours, SquadTag } from './TeamTags.tsx';

function useTeamColumns(): TableColumnsType<TTeamSummary> {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const name = (team: TTeamSummary) => (
    <Link to={`/teams/${team.id}`} data-testid="team-link" onClick={(e) => e.stopPropagation()}>{team.name}</Link>
  );
  const squads = (team: TTeamSummary) => <span className="tags">{team.squads.map((s) => <SquadTag key={s.id} squad={s} />)}</span>;
  // A phone has room for one column: the name, where and under whom, then captain, members and squads.
  if (isPhone) {
    return [
      {
        key: 'team',
        title: t('teams.list.name'),
        render: (_, team) => (
          <div className="point-cell">
            <span className="point-cell-head">{name(team)}</span>
            <span className="muted">{team.parentUnit} · {team.region.name}</span>
            <span className="tags"><CaptainTag team={team} /><span className="muted">{t('teams.memberCount', { count: team.members })}</span></span>
            {squads(team)}
          </div>
        ),
      },
    ];
  }
  return [
    { key: 'name', title: t('teams.list.name'), render: (_, team) => name(team) },
    { key: 'parent', title: t('teams.list.parentUnit'), dataIndex: 'parentUnit' },
    { key: 'region', title: t('teams.list.region'), render: (_, team) => team.region.name },
    { key: 'captain', title: t('teams.list.captain'), render: (_, team) => <CaptainTag team={team} /> },
    { key: 'members', title: t('teams.list.members'), render: (_, team) => <span data-testid="team-members">{formatCount(team.members)}</span> },
    { key: 'squads', title: t('teams.list.squads'), render: (_, team) => squads(team) },
    { key: 'hours', title: t('teams.list.hours'), render: (_, team) => formatHours(team.hours) },
    { key: 'signups', title: t('teams.list.pending'), render: (_, team) => (team.pendingSignups ? formatCount(team.pendingSignups) : '—') },
  ];
}

/** 志愿服务队: the teams whose area holds or lies in the user's scope, with captain, squads against their needs and hours. */
export default function TeamsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const tableSize = useTableSize();
  const columns = useTeamColumns();
  const teams = useTeams();
  const items = teams.data?.items ?? [];
  const members = items.reduce((n, team) => n + team.members, 0);
  const mayCommand = useMayCommand();
  const [creating, setCreating] = useState(false);

  return (
    <div className="page" data-testid="teams-page">
      <PageTitle extra={mayCommand && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-team">{t('teams.command.team')}</Button>}>
        {t('teams.title')}
      </PageTitle>
      {teams.data && <div className="muted" data-testid="teams-summary">{t('teams.summary', { teams: formatCount(items.length), members: formatCount(members) })}</div>}
      {teams.isError && <ErrorAlert error={teams.error} onRetry={() => void teams.refetch()} />}
      <Card size="small">
        <Table<TTeamSummary>
          data-testid="teams-table"
          rowKey="id"
          size={tableSize}
          className="clickable-rows"
          columns={columns}
          dataSource={items}
          loading={teams.isFetching}
          scroll={isPhone ? undefined : { x: 'max-content' }}
          locale={{ emptyText: t('teams.list.empty') }}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          onRow={(team) => ({ onClick: () => navigate(`/teams/${team.id}`), 'data-testid': `team-row-${team.id}`, 'data-name': team.name }) as HTMLAttributes<HTMLElement>}
        />
      </Card>
      {mayCommand && (
        <NewTeamDialog
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            navigate(`/teams/${id}`);
          }}
        />
      )}
    </div>
  );
}
