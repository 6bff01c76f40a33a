import { useState } from 'react';
import { HistoryOutlined, PhoneOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { THolder } from '../../../../contracts/assignments.ts';
import { ApiError } from '../../app/api.ts';
import { useMayCommand } from '../auth/api.ts';
import { useEndAssignment, type TAssignableUnit } from './api.ts';
import { AssignmentHistory } from './AssignmentHistory.tsx';
import { byRole, ROLE_COLOURS, roleLabel } from './roles.ts';

interface Props {
  unitType: TAssignableUnit;
  unitId: number;
  holders: THolder[];
  /** Whether the user may end assignments here. */
  mayChange: boolean;
  /** Party membership says nothing in a party organisation, where everyone is a member. */
  showParty?: boolean;
}

/**
 * The people holding posts in a unit, leads first, each with a way to end the assignment;
 * for the command, a link to everyone who has held them (even when no one does now).
 */
export function Holders({ unitType, unitId, holders, mayChange, showParty = unitType !== 'org' }: Props) {
  const { t } = useTranslation();
  const mayCommand = useMayCommand();
  const [historyOpen, setHistoryOpen] = useState(false);
  if (holders.length === 0 && !mayCommand) return null;

  return (
    <div className="holders-block">
      {holders.length > 0 && <HolderList unitType={unitType} holders={holders} mayChange={mayChange} showParty={showParty} />}
      {mayCommand && (
        <>
          <Button size="small" type="link" icon={<HistoryOutlined />} className="holders-history" data-testid="holders-history" onClick={() => setHistoryOpen(true)}>
            {t('assignments.history.link')}
          </Button>
          <AssignmentHistory unitType={unitType} unitId={unitId} open={historyOpen} onClose={() => setHistoryOpen(false)} />
        </>
      )}
    </div>
  );
}

function HolderList({ unitType, holders, mayChange, showParty }: Omit<Props, 'unitId'> & { showParty: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const end = useEndAssignment();
  return (
    <ul className="holders" data-testid="holders">
      {byRole(holders).map((h) => {
        const role = roleLabel(t, unitType, h.role);
        return (
          <li key={h.assignmentId} className="holder" data-testid={`holder-${h.assignmentId}`} data-role={h.role}>
            <Tag color={ROLE_COLOURS[h.role]} className="holder-role">{role}</Tag>
            <span className="holder-name" data-testid="holder-name">{h.name}</span>
            {showParty && h.partyMember && <Tag color="red" variant="outlined" className="holder-party">{t('assignments.partyMember')}</Tag>}
            {h.title && <span className="holder-title muted">{h.title}</span>}
            {h.phone && <span className="holder-phone mono muted"><PhoneOutlined /> {h.phone}</span>}
            {mayChange && (
              <Popconfirm
                title={t('assignments.endTitle', { name: h.name, role })}
                description={t('assignments.endNote')}
                okText={t('assignments.endOk')}
                okButtonProps={{ danger: true, loading: end.isPending }}
                onConfirm={() =>
                  end
                    .mutateAsync(h.assignmentId)
                    .then(() => void message.success(t('assignments.ended', { name: h.name })))
                    .catch((err: unknown) => void message.error(err instanceof ApiError ? err.message : t('errors.network')))
                }
              >
                <Button size="small" type="link" danger className="holder-end" data-testid={`end-${h.assignmentId}`}>
                  {t('assignments.end')}
                </Button>
              </Popconfirm>
            )}
          </li>
        );
      })}
    </ul>
  );
}
