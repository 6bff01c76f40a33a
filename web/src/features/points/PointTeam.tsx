import { useState, type HTMLAttributes } from 'react';
import { CheckCircleOutlined, LoginOutlined, WarningOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { formatDateTime } from '../../app/format.ts';
import { useIsPhone, useTableSize } from '../../app/useIsPhone.ts';
import { useCheckOut, type TPoint, type TTeam, type TTeamMember } from './api.ts';
import { CheckinDialog } from './CheckinDialog.tsx';
import { RUNNING, teamRoleLabel } from './labels.ts';

type TRoleRow = TTeam['roles'][number];

function Member({ member, mayRun }: { member: TTeamMember; mayRun: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const checkOut = useCheckOut();
  return (
    <span className="team-member" data-testid={`member-${member.checkinId}`} data-person-id={member.personId}>
      <span className="team-member-name" title={t('points.team.checkedInAt', { at: formatDateTime(member.checkedInAt) })}>{member.name}</span>
      {mayRun && (
        <Popconfirm
          title={t('points.team.checkoutTitle', { name: member.name })}
          okText={t('points.team.checkoutOk')}
          okButtonProps={{ loading: checkOut.isPending }}
          onConfirm={() =>
            checkOut
              .mutateAsync(member.checkinId)
              .then(() => void message.success(t('points.team.checkedOut', { name: member.name })))
              .catch((err: unknown) => void message.error(err instanceof ApiError ? err.message : t('errors.network')))
          }
        >
          <Button size="small" type="link" danger className="team-checkout" data-testid={`checkout-${member.checkinId}`}>
            {t('points.team.checkout')}
          </Button>
        </Popconfirm>
      )}
    </span>
  );
}

/** Present of required, red with how many are short when the role is not filled. */
function RoleFigures({ row }: { row: TRoleRow }) {
  const { t } = useTranslation();
  const short = row.required - row.present;
  return (
    <span className="tags">
      <span className={`mono team-figures${short > 0 ? ' team-figures-short' : ''}`} data-testid="team-present">{row.required > 0 ? `${row.present}/${row.required}` : row.present}</span>
      {short > 0 && <Tag color="red" data-testid="team-short">{t('points.team.short', { count: short })}</Tag>}
    </span>
  );
}

/**
 * 本班次队伍: who of the "1+3+10+N" team is checked in this shift, role by role against what the
 * composition needs; short roles in red. Whoever runs the point checks people in and out here.
 */
export function PointTeam({ point }: { point: TPoint }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const tableSize = useTableSize();
  const [checkingIn, setCheckingIn] = useState(false);
  const { team } = point;
  const mayCheck = point.mayRun && RUNNING.has(point.status);
  const membersOf = (role: string) => team.members.filter((m) => m.role === role);
  const members = (role: string) => {
    const list = membersOf(role);
    if (list.length === 0) return <span className="muted">{t('points.team.nobody')}</span>;
    return <span className="team-members">{list.map((m) => <Member key={m.checkinId} member={m} mayRun={point.mayRun} />)}</span>;
  };

  const columns: TableColumnsType<TRoleRow> = isPhone
    ? [
        {
          key: 'role',
          title: t('points.team.role'),
          render: (_, r) => (
            <div className="team-role-cell">
              <span className="team-role-head"><span className="team-role-name">{teamRoleLabel(t, r.role)}</span><RoleFigures row={r} /></span>
              {members(r.role)}
            </div>
          ),
        },
      ]
    : [
        { key: 'role', title: t('points.team.role'), width: 160, render: (_, r) => <span className="team-role-name">{teamRoleLabel(t, r.role)}</span> },
        { key: 'present', title: t('points.team.present'), width: 140, render: (_, r) => <RoleFigures row={r} /> },
        { key: 'members', title: t('points.team.members'), render: (_, r) => members(r.role) },
      ];

  return (
    <Card
      size="small"
      data-testid="point-team-card"
      title={
        <span className="tags">
          <span>{t('points.team.title')}</span>
          <Tag className="mono" data-testid="team-shift">{t('points.team.shift', { date: team.shiftDate, shift: t(`points.team.shifts.${team.shift}`) })}</Tag>
        </span>
      }
      extra={mayCheck && (
        <Button size="small" type="primary" icon={<LoginOutlined />} data-testid="checkin" onClick={() => setCheckingIn(true)}>
          {t('points.team.checkin')}
        </Button>
      )}
    >
      <div className="team-summary">
        {team.complete ? (
          <Tag color="green" icon={<CheckCircleOutlined />} data-testid="team-complete">{t('points.team.complete')}</Tag>
        ) : (
          <Tag color="red" icon={<WarningOutlined />} data-testid="team-incomplete">
            {t('points.team.missing', { roles: team.missing.map((m) => `${teamRoleLabel(t, m.role)} ${m.short}`).join(t('common.listSeparator')) })}
          </Tag>
        )}
        <span className="muted">{t('points.team.composition')}</span>
      </div>
      <Table<TRoleRow>
        data-testid="team-table"
        rowKey="role"
        size={tableSize}
        columns={columns}
        dataSource={team.roles}
        pagination={false}
        rowClassName={(r) => (r.present < r.required ? 'team-role-missing' : '')}
        onRow={(r) => ({ 'data-testid': `team-role-${r.role}`, 'data-missing': String(r.present < r.required) }) as HTMLAttributes<HTMLElement>}
      />
      {mayCheck && <CheckinDialog point={point} open={checkingIn} onClose={() => setCheckingIn(false)} />}
    </Card>
  );
}
