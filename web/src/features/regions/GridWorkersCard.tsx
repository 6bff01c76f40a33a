import { useEffect, useState } from 'react';
import { PhoneOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Modal, Popconfirm, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { TPerson } from '../../../../contracts/people.ts';
import type { TRegionDetail } from '../../../../contracts/regions.ts';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { PersonPicker } from '../assignments/PersonPicker.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { PERSON_KIND_LIST, type TPersonKind } from '../people/api.ts';
import { useAssignGridWorker, useEndGridWorker } from './api.ts';

type Worker = TRegionDetail['gridWorkers'][number];

/** Who may staff grids: the command, and a town's area chief inside their town (the server decides). */
function useMayStaffGrids() {
  const me = useCurrentUser();
  return me.mayCommand || me.role === 'area_chief';
}

/** Picks a person (grid workers first; any kind may be chosen) and makes them this grid's worker. */
function AssignGridWorkerForm({ grid, workers, onDone }: { grid: TRegionDetail['region']; workers: Worker[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const assign = useAssignGridWorker();
  const [kind, setKind] = useState<TPersonKind | undefined>('grid_worker');
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
        <Select<TPersonKind | 'all'>
          data-testid="grid-worker-kind"
          className="full-width"
          value={kind ?? 'all'}
          onChange={(v) => {
            setKind(v === 'all' ? undefined : v);
            form.setFieldValue('personId', undefined);
          }}
          options={[{ value: 'all', label: t('common.all') }, ...PERSON_KIND_LIST.map((k) => ({ value: k, label: t(`people.kinds.${k}`) }))]}
        />
      </Form.Item>
      <Form.Item name="personId" label={t('assignments.person')} rules={[{ required: true, message: t('assignments.personRequired') }]}>
        <PersonPicker key={kind ?? 'all'} kind={kind} refusal={refusal} testId="grid-worker-person" onChange={(_, p) => setPerson(p)} />
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
 * 网格员: who answers for a grid, with a way to assign one and release one; a grid without one is a
 * blank spot. A `?assign=grid_worker` link (from the gaps report) opens the assign dialog.
 */
export function GridWorkersCard({ detail }: { detail: TRegionDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mayChange = useMayStaffGrids();
  const end = useEndGridWorker();
  const [open, setOpen] = useState(false);
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

  const release = (w: Worker) =>
    end
      .mutateAsync(w.id)
      .then(() => void message.success(t('regions.gridWorkerReleased', { name: w.name })))
      .catch((err: unknown) => void message.error(err instanceof ApiError ? err.message : t('errors.network')));

  return (
    <Card
      title={t('regions.gridWorkers')}
      size="small"
      className="section"
      data-testid="grid-workers-card"
      extra={mayChange && (
        <Button size="small" icon={<UserAddOutlined />} data-testid="assign-grid-worker" onClick={() => setOpen(true)}>
          {t('regions.assignGridWorker')}
        </Button>
      )}
    >
      {gridWorkers.length === 0 && <Alert type="error" showIcon className="blank-spot" title={t('regions.blankSpot')} data-testid="no-grid-worker" />}
      {gridWorkers.length > 0 && (
        <ul className="holders" data-testid="grid-workers">
          {gridWorkers.map((w) => (
            <li key={w.id} className="holder" data-testid={`grid-worker-${w.id}`}>
              <span className="holder-name">{w.name}</span>
              {w.phone && <span className="holder-phone mono muted"><PhoneOutlined /> {w.phone}</span>}
              {mayChange && (
                <Popconfirm
                  title={t('regions.releaseTitle', { name: w.name })}
                  description={t('assignments.endNote')}
                  okText={t('regions.release')}
                  okButtonProps={{ danger: true, loading: end.isPending }}
                  onConfirm={() => release(w)}
                >
                  <Button size="small" type="link" danger className="holder-end" data-testid={`release-${w.id}`}>
                    {t('regions.release')}
                  </Button>
                </Popconfirm>
              )}
            </li>
          ))}
        </ul>
      )}
      <Modal open={open} title={t('regions.assignGridWorkerTitle', { grid: region.name })} onCancel={() => setOpen(false)} footer={null} destroyOnHidden>
        <AssignGridWorkerForm grid={region} workers={gridWorkers} onDone={() => setOpen(false)} />
      </Modal>
    </Card>
  );
}
