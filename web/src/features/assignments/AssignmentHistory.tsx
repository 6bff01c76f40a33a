import { Empty, Modal, Skeleton, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDateTime } from '../../app/format.ts';
import { useAssignmentHistory, type TAssignableUnit } from './api.ts';
import { ROLE_COLOURS, roleLabel } from './roles.ts';

interface Props {
  unitType: TAssignableUnit;
  unitId: number;
  open: boolean;
  onClose: () => void;
}

/** 任职历史: everyone who has held a post in the unit, live and ended, newest first, with who assigned them and who ended it. */
export function AssignmentHistory({ unitType, unitId, open, onClose }: Props) {
  const { t } = useTranslation();
  const history = useAssignmentHistory(unitType, unitId, open);
  const items = history.data?.items ?? [];
  return (
    <Modal open={open} title={t('assignments.history.title')} onCancel={onClose} footer={null} destroyOnHidden>
      <div data-testid="assignment-history">
        {history.isError && <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />}
        {history.isPending && !history.isError && <Skeleton active />}
        {history.isSuccess && items.length === 0 && <Empty description={t('assignments.history.empty')} />}
        <ul className="holders">
          {items.map((h) => (
            <li key={h.assignmentId} className="holder" data-testid={`history-${h.assignmentId}`} data-live={h.endsAt === null}>
              <Tag color={ROLE_COLOURS[h.role]}>{roleLabel(t, unitType, h.role)}</Tag>
              <span className="holder-name">{h.name}</span>
              {h.endsAt === null && <Tag color="green">{t('assignments.history.live')}</Tag>}
              <span className="history-line mono muted">
                {formatDateTime(h.startsAt)} – {h.endsAt ? formatDateTime(h.endsAt) : t('assignments.history.now')}
              </span>
              <span className="history-line muted" data-testid="history-who">
                {t('assignments.history.assignedBy', { name: h.assignedBy ?? t('assignments.history.setUp') })}
                {h.endedBy && ` · ${t('assignments.history.endedBy', { name: h.endedBy })}`}
              </span>
            </li>
          ))}
        </ul>
      </div>
    </Modal>
  );
}
