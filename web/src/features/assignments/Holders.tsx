import { useState } from 'react';
import { HistoryOutlined, PhoneOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TAssignmentHistoryEntry, THolder } from '../../../../contracts/assignments.ts';
import { ApiError } from '../../app/api.ts';
import { useMayCommand } from '../auth/api.ts';
import { useAssignmentHistory, useEndAssignment, type TAssignableUnit } from './api.ts';
import { AssignmentHistory, type HistoryRow } from './AssignmentHistory.tsx';
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

const roleOf = (t: TFunction, unitType: TAssignableUnit, role: THolder['role']) => ({ code: role, label: roleLabel(t, unitType, role), colour: ROLE_COLOURS[role] });

const historyRow = (t: TFunction, unitType: TAssignableUnit, h: TAssignmentHistoryEntry): HistoryRow => ({
  id: h.assignmentId, name: h.name, role: roleOf(t, unitType, h.role), startsAt: h.startsAt, endsAt: h.endsAt, assignedBy: h.assignedBy, endedBy: h.endedBy,
});

/**
 * The people holding posts in a unit, leads first, each with a way to end the assignment;
 * for the command, a link to everyone who has held them (even when no one does now).
 */
export function Holders({ unitType, unitId, holders, mayChange, showParty = unitType !== 'org' }: Props) {
  const { t } = useTranslation();
  const mayCommand = useMayCommand();
  const [historyOpen, setHistoryOpen] = useState(false);
  const history = useAssignmentHistory(unitType, unitId, historyOpen);
  const end = useEndAssignment();
  if (holders.length === 0 && !mayCommand) return null;

  const listed = byRole(holders).map((h) => ({ ...h, id: h.assignmentId, role: roleOf(t, unitType, h.role) }));
  const ending: EndAction | undefined = mayChange
    ? {
        label: t('assignments.end'),
        okText: t('assignments.endOk'),
        confirmTitle: (h) => t('assignments.endTitle', { name: h.name, role: h.role?.label }),
        done: (h) => t('assignments.ended', { name: h.name }),
        run: (id) => end.mutateAsync(id),
        pending: end.isPending,
      }
    : undefined;

  return (
    <div className="holders-block">
      {holders.length > 0 && <HolderList holders={listed} showParty={showParty} end={ending} />}
      {mayCommand && (
        <>
          <Button size="small" type="link" icon={<HistoryOutlined />} className="holders-history" data-testid="holders-history" onClick={() => setHistoryOpen(true)}>
            {t('assignments.history.link')}
          </Button>
          <AssignmentHistory open={historyOpen} onClose={() => setHistoryOpen(false)} query={history} rows={(history.data?.items ?? []).map((h) => historyRow(t, unitType, h))} />
        </>
      )}
    </div>
  );
}

/** A person in a post, as a holder list shows them. */
export interface ListedHolder {
  id: number;
  name: string;
  phone: string | null;
  title?: string | null;
  /** The post, where a unit has several. */
  role?: { code: string; label: string; colour?: string };
  partyMember?: boolean;
}

/** Ending a post from the list: the words of its button and confirmation, and the call. */
export interface EndAction {
  label: string;
  okText: string;
  confirmTitle: (h: ListedHolder) => string;
  /** The success message. */
  done: (h: ListedHolder) => string;
  run: (id: number) => Promise<unknown>;
  pending: boolean;
}

/** People in posts with masked phones, each (when `end` is given) with a confirmed way to end the post; the history keeps it. */
export function HolderList({ holders, showParty = false, end, testId = 'holders' }: { holders: ListedHolder[]; showParty?: boolean; end?: EndAction; testId?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <ul className="holders" data-testid={testId}>
      {holders.map((h) => (
        <li key={h.id} className="holder" data-testid={`holder-${h.id}`} data-role={h.role?.code}>
          {h.role && <Tag color={h.role.colour} className="holder-role">{h.role.label}</Tag>}
          <span className="holder-name" data-testid="holder-name">{h.name}</span>
          {showParty && h.partyMember && <Tag color="red" variant="outlined" className="holder-party">{t('assignments.partyMember')}</Tag>}
          {h.title && <span className="holder-title muted">{h.title}</span>}
          {h.phone && <span className="holder-phone mono muted"><PhoneOutlined /> {h.phone}</span>}
          {end && (
            <Popconfirm
              title={end.confirmTitle(h)}
              description={t('assignments.endNote')}
              okText={end.okText}
              okButtonProps={{ danger: true, loading: end.pending }}
              onConfirm={() =>
                end
                  .run(h.id)
                  .then(() => void message.success(end.done(h)))
                  .catch((err: unknown) => void message.error(err instanceof ApiError ? err.message : t('errors.network')))
              }
            >
              <Button size="small" type="link" danger className="holder-end" data-testid={`end-${h.id}`}>
                {end.label}
              </Button>
            </Popconfirm>
          )}
        </li>
      ))}
    </ul>
  );
}
