import { PhoneOutlined, WarningOutlined } from '@ant-design/icons';
import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ZGridWorker } from '../../../../contracts/regions.ts';

type GridWorker = z.infer<typeof ZGridWorker>;

/** A grid's workers with masked phones, or a red tag: a grid nobody answers for is a blank spot (空白点). */
export function GridWorkers({ workers }: { workers: GridWorker[] }) {
  const { t } = useTranslation();
  if (workers.length === 0) {
    return <Tag color="red" icon={<WarningOutlined />} data-testid="no-grid-worker">{t('regions.noGridWorker')}</Tag>;
  }
  return (
    <Space orientation="vertical" size={0} data-testid="grid-workers">
      {workers.map((w) => (
        <span key={w.personId} className="grid-worker">
          {w.name}
          {w.phone && <span className="mono muted"> <PhoneOutlined /> {w.phone}</span>}
        </span>
      ))}
    </Space>
  );
}
