import { useEffect, useState } from 'react';
import { HistoryOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { GRID_WORKER_KINDS } from '../../../../contracts/gridworkers.ts';
import type { TPerson } from '../../../../contracts/people.ts';
import type { TRegionDetail } from '../../../../contracts/regions.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { AssignmentHistory } from '../assignments/AssignmentHistory.tsx';
import { HolderList, type EndAction } from '../assignments/Holders.tsx';
import { PersonPicker } from '../assignments/PersonPicker.tsx';
import { useCurrentUser } from '../auth/api.ts';
import type { TPersonKind } from '../people/api.ts';
import { useAssignGridWorker, useEndGridWorker, useGridWorkerHistory } from './api.ts';

type Worker = TRegionDetail['gridWorkers'][number];

/** Who may staff grids: the command, and a town's area chief inside their town (the server decides). */
function useMayStaffGrids() {
  const me = useCurrentUser();
  return me.mayCommand || me.role === 'area_chief';
}

/** Picks a grid worker or community cadre (grid workers first) and makes them this grid's worker. */
function AssignGridWorkerForm({ grid, workers, onDone }: { grid: TRegionDetail['region']; workers: Worker[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const assign = useAssignGridWorker();
  const [kind, setKind] = useState<TPersonKind>('grid_worker');
  const [person, setPerson] = useState<TPerson>();
  const [form] = Form.useForm<{ personId: number }>();
  const refusal = (p: TPerson) => (workers.some((w) => w.personId === p.id) ? t('regions.alreadyGridWorker') : undefined);

  const onFinish = async ({ personId }: { personId: number }) => {
    const done = await assign.mutateAsync({ gridId: grid.id, personId }).catch(() => undefined);
    if (!done) return;
    void message.success(t('regions.gridWorkerAssigned', { name: person?.name ?? '', grid: grid.name }));
    onDone();
  };

  return (
    <Form form={form} layout="vertical" requiredMark={false} onFinish={onFinish} data-testid="grid-worker-form">
      <Form.Item label={t('assignments.kind')}>
        <Select<TPersonKind>
          data-testid="grid-worker-kind"
          className="full-width"
          value={kind}
          onChange={(v) => {
            setKind(v);
            form.setFieldValue('personId', undefined);
          }}
          options={GRID_WORKER_KINDS.map((k) => ({ value: k, label: t(`people.kinds.${k}`) }))}
        />
      </Form.Item>
      <Form.Item name="personId" label={t('assignments.person')} rules={[{ required: true, message: t('assignments.personRequired') }]}>
        <PersonPicker key={kind} kind={kind} refusal={refusal} testId="grid-worker-person" onChange={(_, p) => setPerson(p)} />
      </Form.Item>
      {assign.isError && <ErrorAlert error={assign.error} testId="grid-worker-error" />}
      <div className="dialog-actions">
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={assign.isPending} data-testid="grid-worker-submit">{t('assignments.submit')}</Button>
      </div>
    </Form>
  );
}

/**
 * 网格员: who answers for a grid, with a way to assign one and release one and everyone who has; a grid
 * without one is a blank spot. A `?assign=grid_worker` link (from the gaps report) opens the assign dialog.
 */
export function GridWorkersCard({ detail }: { detail: TRegionDetail }) {
  const { t } = useTranslation();
  const mayChange = useMayStaffGrids();
  const end = useEndGridWorker();
  const [open, setOpen] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const history = useGridWorkerHistory(detail.region.id, historyOpen);
  const [params, setParams] = useSearchParams();
  const linked = params.get('assign') === 'grid_worker';
  const { region, gridWorkers } = detail;

  // The gaps report's link (`?assign=grid_worker`) opens the dialog for those who may fix the gap.
  useEffect(() => {
    if (!linked) return;
    if (mayChange) setOpen(true);
    // Followed once: a reload after the fix should not open the dialog again.
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.delete('assign');
      return next;
    }, { replace: true });
  }, [linked, mayChange, setParams]);

  const release: EndAction | undefined = mayChange
    ? {
        label: t('regions.release'),
        okText: t('regions.release'),
        confirmTitle: (w) => t('regions.releaseTitle', { name: w.name }),
        done: (w) => t('regions.gridWorkerReleased', { name: w.name }),
        run: (id) => end.mutateAsync(id),
        pending: end.isPending,
      }
    : undefined;

  return (
    <Card
      title={t('regions.gridWorkers')}
      size="small"
      className="section"
      data-testid="grid-workers-card"
      extra={mayChange && (
        <>
          <Button size="small" type="link" icon={<HistoryOutlined />} data-testid="grid-worker-history" onClick={() => setHistoryOpen(true)}>
            {t('assignments.history.link')}
          </Button>
          <Button size="small" icon={<UserAddOutlined />} data-testid="assign-grid-worker" onClick={() => setOpen(true)}>
            {t('regions.assignGridWorker')}
          </Button>
        </>
      )}
    >
      {gridWorkers.length === 0 && <Alert type="error" showIcon className="blank-spot" title={t('regions.blankSpot')} data-testid="no-grid-worker" />}
      {gridWorkers.length > 0 && <HolderList holders={gridWorkers} end={release} testId="grid-workers" />}
      <AssignmentHistory
        open={historyOpen}
        onClose={() => setHistoryOpen(false)}
        query={history}
        rows={(history.data?.items ?? []).map((w) => ({ ...w, startsAt: w.since }))}
      />
      <Modal open={open} title={t('regions.assignGridWorkerTitle', { grid: region.name })} onCancel={() => setOpen(false)} footer={null} destroyOnHidden>
        <AssignGridWorkerForm grid={region} workers={gridWorkers} onDone={() => setOpen(false)} />
      </Modal>
    </Card>
  );
}
