import { useState, type ReactNode } from 'react';
import { WarningOutlined } from '@ant-design/icons';
import { Button, Select, Space, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { PageTitle } from '../../app/PageTitle.tsx';
import { useMayCommand } from '../auth/api.ts';
import { useBalances, useHolders, useItems, useMyHolders } from './api.ts';
import { MovementsTab } from './MovementsTab.tsx';
import { RequestsTab } from './RequestsTab.tsx';
import { StockTab } from './StockTab.tsx';

const TABS = ['stock', 'requests', 'movements'] as const;
type Tab = (typeof TABS)[number];

/**
 * 物资: three tabs — 库存 (balances, count, write-off, export, the printable count sheet), 申领 (the
 * request flow: request, approve per line, dispatch with substitutes, receive per line) and 流水
 * (the holder's ledger, reversals). The tab is in the address (`?tab=`), so a reload stays on it.
 * The command picks any holder; a point chief sees their own point.
 */
export default function MaterialsPage() {
  const { t } = useTranslation();
  const mayCommand = useMayCommand();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'stock';
  const holders = useHolders();
  const items = useItems();
  const warehouses = holders.data?.items.filter((h) => h.kind === 'warehouse') ?? [];
  const [picked, setPicked] = useState<number | undefined>();
  // A point chief acts for their own points (the command picks from all).
  const own = useMyHolders(!mayCommand);
  const holderId = mayCommand ? (picked ?? warehouses[0]?.id) : (picked ?? own.data?.items[0]?.id);
  const balances = useBalances(holderId, holderId !== undefined);
  const holderChoices = (mayCommand ? holders.data?.items : own.data?.items) ?? [];
  const catalogue = items.data?.items ?? [];

  const tabs: Array<{ key: Tab; label: ReactNode; children: ReactNode }> = [
    { key: 'stock', label: <span data-testid="materials-tab-stock">{t('materials.tabs.stock')}</span>, children: <StockTab holderId={holderId} items={catalogue} balances={balances.data?.items ?? []} loading={balances.isLoading} /> },
    { key: 'requests', label: <span data-testid="materials-tab-requests">{t('materials.tabs.requests')}</span>, children: <RequestsTab holderId={holderId} items={catalogue} warehouses={warehouses} mayCommand={mayCommand} /> },
    { key: 'movements', label: <span data-testid="materials-tab-movements">{t('materials.tabs.movements')}</span>, children: <MovementsTab holderId={holderId} items={catalogue} mayCommand={mayCommand} /> },
  ];
  return (
    <div className="page materials-page">
      <PageTitle
        extra={(mayCommand || holderChoices.length > 1) && (
          <Space wrap>
            {holderChoices.length > 1 && (
              <Select
                className="mat-holder-select"
                showSearch
                optionFilterProp="label"
                data-testid="material-holder-select"
                value={holderId}
                onChange={setPicked}
                options={holderChoices.map((h) => ({ value: h.id, label: h.name }))}
              />
            )}
            {mayCommand && (
              <Link to="/materials/shortages" data-testid="materials-shortages-link">
                <Button icon={<WarningOutlined />}>{t('nav.shortages')}</Button>
              </Link>
            )}
          </Space>
        )}
      >
        {t('materials.title')}
      </PageTitle>
      {(balances.error || holders.error || own.error) && <ErrorAlert error={balances.error ?? holders.error ?? own.error} />}
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams((p) => {
          p.set('tab', key);
          return p;
        }, { replace: true })}
        items={tabs}
      />
    </div>
  );
}
