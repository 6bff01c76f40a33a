import { App, Button, Card, Empty, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { PageTitle } from '../../app/PageTitle.tsx';
import { byBuilding, useClaim, useRequests } from './api.ts';
import { VolunteerRequestCard } from './RequestCard.tsx';

/**
 * 我的跑腿 — the volunteer's phone page: what he holds now (to buy, deliver, answer), then his team's
 * open requests bundled per building, each bundle claimable at once for one trip.
 */
export default function MyRequestsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useRequests({ mine: true });
  const claim = useClaim();
  const items = list.data?.items ?? [];
  const holding = items.filter((r) => r.may.buy || r.may.deliver || (r.may.answer && r.status === 'claimed'));
  const open = items.filter((r) => r.status === 'open');
  const bundles = byBuilding(open);

  return (
    <div className="phone-page" data-testid="my-requests">
      <PageTitle>{t('requests.mine.title')}</PageTitle>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending && <Card><Skeleton active /></Card>}
      {list.data && (
        <>
          <h3>{t('requests.mine.holding', { count: holding.length })}</h3>
          {holding.length === 0 ? <Empty description={t('requests.mine.nothingHeld')} /> : (
            <ul className="request-list" data-testid="v-holding">{holding.map((r) => <VolunteerRequestCard key={r.id} r={r} />)}</ul>
          )}
          <h3>{t('requests.mine.open', { count: open.length })}</h3>
          {bundles.length === 0 && <Empty description={t('requests.mine.noneOpen')} />}
          {bundles.map((b) => {
            const claimable = b.items.filter((r) => r.may.claim).map((r) => r.id);
            return (
              <Card key={b.buildingId} size="small" className="request-bundle" data-testid={`v-bundle-${b.buildingId}`}
                title={<span>{b.building} <span className="muted">{b.where}</span></span>}
                extra={claimable.length > 1 && (
                  <Button size="small" data-testid={`v-claim-bundle-${b.buildingId}`} loading={claim.isPending}
                    onClick={() => claim.mutate(claimable, { onSuccess: (res) => void message.success(t('requests.mine.bundleClaimed', { count: res.claimed.length })), onError: (e) => void message.error(e.message) })}>
                    {t('requests.mine.claimBundle', { count: claimable.length })}
                  </Button>
                )}>
                <ul className="request-list">{b.items.map((r) => <VolunteerRequestCard key={r.id} r={r} />)}</ul>
              </Card>
            );
          })}
        </>
      )}
    </div>
  );
}
