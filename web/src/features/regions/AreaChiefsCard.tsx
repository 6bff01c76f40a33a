import { useState } from 'react';
import { UserAddOutlined } from '@ant-design/icons';
import { Alert, Button, Card } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TRegionDetail } from '../../../../contracts/regions.ts';
import { AssignDialog, type AssignTarget } from '../assignments/AssignDialog.tsx';
import { Holders } from '../assignments/Holders.tsx';
import { useMayCommand } from '../auth/api.ts';

/** 片长制: the district leaders who answer for a town; a town without one is a blank spot. */
export function AreaChiefsCard({ detail }: { detail: TRegionDetail }) {
  const { t } = useTranslation();
  const mayCommand = useMayCommand();
  const [target, setTarget] = useState<AssignTarget | null>(null);
  const { region, areaChiefs } = detail;
  return (
    <Card
      size="small"
      className="section"
      data-testid="area-chiefs-card"
      title={<span>{t('regions.areaChiefs')} <span className="card-hint">{t('regions.areaChiefsHint')}</span></span>}
      extra={mayCommand && (
        <Button size="small" icon={<UserAddOutlined />} data-testid="assign-area-chief" onClick={() => setTarget({ unitType: 'town', unitId: region.id, unitName: region.name, holders: areaChiefs })}>
          {t('regions.assignAreaChief')}
        </Button>
      )}
    >
      {areaChiefs.length === 0 && <Alert type="error" showIcon className="blank-spot" title={t('regions.noAreaChief')} data-testid="no-area-chief" />}
      <Holders unitType="town" unitId={region.id} holders={areaChiefs} mayChange={mayCommand} />
      {/* Holders are re-read from the page's data so the dialog knows who is already in post. */}
      <AssignDialog target={target && { ...target, holders: areaChiefs }} onClose={() => setTarget(null)} />
    </Card>
  );
}
