import { useState } from 'react';
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Empty, Input, Modal, Spin, Tag, Typography, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { download } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDateTime } from '../../app/format.ts';
import { useMovements, useReverse, type TItem, type TMovementEntry } from './api.ts';
import { useItemName } from './items.ts';

/** Entries a reversal may undo (a mistaken transfer is corrected by a transfer back). */
const REVERSIBLE = new Set<TMovementEntry['kind']>(['received', 'consumed', 'counted', 'written_off']);

/** The command's correction of one entry: a reversing entry with a reason. */
function ReverseDialog({ movement, onClose, itemName }: { movement: TMovementEntry | null; onClose: () => void; itemName: (id: number) => string }) {
  const { t } = useTranslation();
  const reverse = useReverse();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const close = () => {
    setReason('');
    setMissing(false);
    reverse.reset();
    onClose();
  };
  return (
    <Modal
      open={movement !== null}
      title={t('materials.movements.reverseTitle')}
      onCancel={close}
      okText={t('materials.movements.reverse')}
      okButtonProps={{ danger: true, loading: reverse.isPending, 'data-testid': 'material-reverse-confirm' } as ButtonProps}
      cancelText={t('common.cancel')}
      onOk={() => {
        if (!movement) return;
        if (!reason.trim()) return setMissing(true);
        reverse.mutate({ id: movement.id, reason: reason.trim() }, { onSuccess: close });
      }}
    >
      {movement && <p>{t(`materials.movementKind.${movement.kind}`)} · {itemName(movement.itemId)} · {movement.quantity > 0 ? `+${movement.quantity}` : movement.quantity}</p>}
      {reverse.error && <ErrorAlert error={reverse.error} />}
      <Input.TextArea
        value={reason}
        maxLength={500}
        placeholder={t('materials.movements.reason')}
        status={missing ? 'error' : undefined}
        onChange={(e) => {
          setReason(e.target.value);
          setMissing(false);
        }}
        data-testid="material-reverse-reason"
      />
      {missing && <Typography.Text type="danger">{t('materials.movements.reasonRequired')}</Typography.Text>}
    </Modal>
  );
}

/** 流水: a holder's latest entries as a list (kind, quantity, balance after, reason, who, when); the command reverses a mistaken one. */
export function MovementsTab({ holderId, items, mayCommand }: { holderId: number | undefined; items: TItem[]; mayCommand: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const movements = useMovements(holderId);
  const itemName = useItemName(items);
  const [reversing, setReversing] = useState<TMovementEntry | null>(null);
  if (holderId === undefined) return <Empty description={t('materials.pickHolder')} />;
  const list = movements.data?.items ?? [];
  const reversed = new Set(list.map((m) => m.reversesId).filter((id): id is number => id !== null));
  return (
    <div className="mat-tab">
      <div className="mat-toolbar">
        <Button icon={<DownloadOutlined />} data-testid="material-export-movements" onClick={() => download(`/materials/holders/${holderId}/movements.xlsx`, {}, 'movements.xlsx').catch((e: Error) => void message.error(e.message))}>
          {t('materials.exportMovements')}
        </Button>
      </div>
      {movements.error && <ErrorAlert error={movements.error} onRetry={() => void movements.refetch()} />}
      {movements.isLoading && <Spin />}
      {movements.data && list.length === 0 && <Empty description={t('materials.movements.none')} />}
      <ul className="mat-movements" data-testid="material-movements">
        {list.map((m) => (
          <li key={m.id} className="mat-movement" data-testid="material-movement" data-kind={m.kind}>
            <div className="mat-movement-main">
              <span>
                <Tag color={m.quantity >= 0 ? 'green' : 'red'}>{t(`materials.movementKind.${m.kind}`)}</Tag>
                <b>{itemName(m.itemId)}</b>
              </span>
              <span className={m.quantity >= 0 ? 'mat-in' : 'mat-out'} data-testid="material-movement-quantity">{m.quantity > 0 ? `+${m.quantity}` : m.quantity}</span>
            </div>
            <div className="mat-movement-meta">
              <span>{t('materials.movements.after', { quantity: m.balanceAfter })}</span>
              {m.reason && <span>{m.reason}</span>}
              {m.requestId !== null && <span>{t('materials.requestNo', { id: m.requestId })}</span>}
              <span>{m.byName ?? t('materials.movements.system')}</span>
              <span>{formatDateTime(m.at)}</span>
              {reversed.has(m.id) && <Tag>{t('materials.movements.reversed')}</Tag>}
              {mayCommand && REVERSIBLE.has(m.kind) && !reversed.has(m.id) && (
                <Button size="small" danger data-testid="material-reverse" onClick={() => setReversing(m)}>{t('materials.movements.reverse')}</Button>
              )}
            </div>
          </li>
        ))}
      </ul>
      <ReverseDialog movement={reversing} onClose={() => setReversing(null)} itemName={itemName} />
    </div>
  );
}
