import { EnvironmentOutlined, StopOutlined, UserAddOutlined, WarningOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../app/api.ts';
import type { AssignTarget } from '../assignments/AssignDialog.tsx';
import { useCloseOrg } from '../orgs/api.ts';
import { Holders } from '../assignments/Holders.tsx';
import type { TBranch, TCommandUnit } from './api.ts';

/** How a unit is addressed in `?unit=` links and on the page: `command_unit:7`, `org:4`. */
export type UnitRef = `command_unit:${number}` | `org:${number}`;

interface Props {
  unit: TCommandUnit;
  mayChange: boolean;
  focus: string | null;
  onAssign: (target: AssignTarget) => void;
}

function AssignButton({ testId, onClick }: { testId: string; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Button size="small" icon={<UserAddOutlined />} data-testid={testId} onClick={onClick}>
      {t('assignments.assign')}
    </Button>
  );
}

/** 撤销: closes the branch after a confirm; its people leave their posts with it. */
function CloseBranchButton({ branch }: { branch: TBranch }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const close = useCloseOrg();
  return (
    <Popconfirm
      title={t('responses.closeBranchTitle', { name: branch.name })}
      okButtonProps={{ danger: true }}
      onConfirm={() =>
        close
          .mutateAsync(branch.id)
          .then(() => void message.success(t('responses.branchClosed', { name: branch.name })))
          .catch((err: unknown) => void message.error(err instanceof ApiError ? err.message : t('errors.network')))
      }
    >
      <Button size="small" danger icon={<StopOutlined />} loading={close.isPending} data-testid={`close-org-${branch.id}`}>{t('responses.closeBranch')}</Button>
    </Popconfirm>
  );
}

/** A temporary party branch: its form by the size rule, where it works, its members, and whether it has a secretary. */
export function BranchBlock({ branch, mayChange, focus, onAssign }: { branch: TBranch } & Omit<Props, 'unit'>) {
  const { t } = useTranslation();
  const ref: UnitRef = `org:${branch.id}`;
  const noSecretary = !branch.closed && !branch.people.some((p) => p.role === 'secretary');
  return (
    <div className={`branch${focus === ref ? ' unit-focus' : ''}`} data-unit={ref} data-testid={`branch-${branch.id}`}>
      <div className="branch-head">
        <span className="branch-head-main">
          <span className="branch-name">{branch.name}</span>
          {/* The form follows the size rule, as the server counts the members. */}
          <Tooltip title={t('responses.formRule')}>
            <Tag color="red" data-testid="branch-form">{t(`responses.forms.${branch.form}`)}</Tag>
          </Tooltip>
          <Tag data-testid="member-count">{t('responses.memberCount', { count: branch.memberCount })}</Tag>
          {branch.attachedTo && <Tag icon={<EnvironmentOutlined />} data-testid="branch-attached">{t(`responses.attachedTo.${branch.attachedTo.type}`, { name: branch.attachedTo.name })}</Tag>}
          {branch.closed && <Tag data-testid="branch-closed">{t('responses.closedBranch')}</Tag>}
          {noSecretary && <Tag color="red" icon={<WarningOutlined />} data-testid="no-secretary">{t('responses.noSecretary')}</Tag>}
        </span>
        {mayChange && !branch.closed && (
          <span className="branch-action">
            <AssignButton testId={`assign-org-${branch.id}`} onClick={() => onAssign({ unitType: 'org', unitId: branch.id, unitName: branch.name, holders: branch.people })} />
            <CloseBranchButton branch={branch} />
          </span>
        )}
      </div>
      <Holders unitType="org" unitId={branch.id} holders={branch.people} mayChange={mayChange && !branch.closed} />
      {branch.people.length === 0 && <div className="muted">{t('responses.noPeople')}</div>}
    </div>
  );
}

/** The district command or a frontline command post, with its people and its temporary branches. */
export function CommandUnitCard({ unit, mayChange, focus, onAssign }: Props) {
  const { t } = useTranslation();
  const ref: UnitRef = `command_unit:${unit.id}`;
  const isPost = unit.kind === 'command_post';
  const noCommander = isPost && !unit.people.some((p) => p.role === 'commander');
  return (
    <Card
      size="small"
      className={`unit-card${focus === ref ? ' unit-focus' : ''}${isPost ? '' : ' unit-card-command'}`}
      data-unit={ref}
      data-testid={`unit-${unit.id}`}
      title={<span className="unit-name" data-testid="unit-name">{unit.name}</span>}
      extra={mayChange && <AssignButton testId={`assign-command_unit-${unit.id}`} onClick={() => onAssign({ unitType: 'command_unit', unitId: unit.id, unitName: unit.name, holders: unit.people })} />}
    >
      <div className="unit-meta">
        <Link to={`/regions/${unit.region.id}`}><EnvironmentOutlined /> {unit.region.name}</Link>
        {noCommander && <Tag color="red" icon={<WarningOutlined />} data-testid="no-commander">{t('responses.noCommander')}</Tag>}
      </div>
      <Holders unitType="command_unit" unitId={unit.id} holders={unit.people} mayChange={mayChange} />
      {unit.people.length === 0 && <div className="muted">{t('responses.noPeople')}</div>}
      {unit.branches.length > 0 && (
        <div className="branches">
          <div className="branches-title">{t('responses.branches')}</div>
          {unit.branches.map((b) => <BranchBlock key={b.id} branch={b} mayChange={mayChange} focus={focus} onAssign={onAssign} />)}
        </div>
      )}
    </Card>
  );
}
