import { useQuery } from '@tanstack/react-query';
import { List, Spin, Statistic, Tag } from 'antd';
import type { z } from 'zod';
import { useTranslation } from 'react-i18next';
import type { ZPublicDonations } from '../../../../contracts/funds.ts';
import { api } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { PublicPage } from '../../app/PublicPage.tsx';
import { yuan } from './api.ts';

type TPublicDonations = z.infer<typeof ZPublicDonations>;

/** 捐赠公示: donations received and where they went, for everyone, without a login; a person's name masked. */
export default function PublicDonationsPage() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['public', 'donations'], queryFn: () => api<TPublicDonations>('/public/donations') });
  return (
    <PublicPage title={t('donations.publicTitle')} testId="public-donations-page">
      {list.isLoading && <Spin />}
      {list.isError && <ErrorAlert error={list.error} />}
      {list.data && (
        <>
          <Statistic title={t('donations.publicMoney')} value={yuan(list.data.totalMoneyFen)} />
          <List
            data-testid="public-donations"
            dataSource={list.data.items}
            renderItem={(d) => (
              <List.Item key={d.ackNo}>
                <List.Item.Meta
                  title={<span data-testid="public-donor">{d.donor} <Tag>{t(`donations.kinds.${d.donorKind}`)}</Tag></span>}
                  description={`${d.moneyFen !== null ? `¥${yuan(d.moneyFen)}` : (d.items ?? []).map((i) => `${i.name} ${i.quantity}${i.unit}`).join('、')} → ${d.destination} · ${new Date(d.receivedAt).toLocaleDateString('zh-CN')} · ${d.ackNo}`}
                />
              </List.Item>
            )}
          />
        </>
      )}
    </PublicPage>
  );
}
