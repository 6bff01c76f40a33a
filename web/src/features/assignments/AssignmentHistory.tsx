import { Empty, Modal, Skeleton, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDateTime } from '../../app/format.ts';

/** One post someone held, as a history shows it: a unit's assignment or a grid's worker. */
export interface HistoryRow {
  id: number;
  name: string;
  /** The post's name and colour, where a unit has several. */
  role?: { label: string; colour?: string };
  startsAt: string;
  /** Null while it is held. */
  endsAt: string | null;
  assignedBy: string | null;
  endedBy: string | null;
}

interface Props {
  open: boolean;
  onClose: () => void;
  /** The query that reads the rows, for its loading and error states. */
  query: { isPending: boolean; isSuccess: boolean; isError: boolean; error: Error | null; refetch: () => unknown };
  rows: HistoryRow[];
}

/** 任职历史: everyone who has held a post, live and ended, newest first, with who assigned them and who ended it. */
export function AssignmentHistory({ open, onClose, query, rows }: Props) {
  const { t } = useTranslation();
  return (
    <Modal open={open} title={t('assignments.history.title')} onCancel={onClose} footer={null} destroyOnHidden>
      <div data-testid="assignment-history">
        {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
        {query.isPending && !query.isError && <Skeleton active />}
        {query.isSuccess && rows.length === 0 && <Empty description={t('assignments.history.empty')} />}
        <ul className="holders">
          {rows.map((h) => (
            <li key={h.id} className="holder" data-testid={`history-${h.id}`} data-live={h.endsAt === null}>
              {h.role && <Tag color={h.role.colour}>{h.role.label}</Tag>}
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
