import { useState } from 'react';
import { QrcodeOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Empty, Input, Select, Skeleton, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CARE_CONDITIONS } from '../../../../contracts/requests.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { PageTitle } from '../../app/PageTitle.tsx';
import { newSubmissionId } from '../rounds/useScanSession.ts';
import { useCareRound, useRecordCareVisit, type TCareRound } from './api.ts';

type Household = TCareRound['households'][number];
type Condition = (typeof CARE_CONDITIONS)[number];
interface CheckState { condition: Condition; medicineShort: boolean; needs: string; urgent: boolean }

const CONDITION_COLOURS: Record<Condition, string> = { well: 'green', unwell: 'orange', fever: 'red', not_seen: 'default' };

function HouseholdVisit({ h }: { h: Household }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const record = useRecordCareVisit();
  const [clientId] = useState(newSubmissionId);
  const [meals, setMeals] = useState(true);
  const [supplies, setSupplies] = useState(false);
  const [checks, setChecks] = useState<Record<number, CheckState>>(() =>
    Object.fromEntries(h.people.map((p) => [p.residentId, { condition: 'well' as Condition, medicineShort: false, needs: '', urgent: false }])));
  const set = (id: number, patch: Partial<CheckState>) => setChecks((c) => ({ ...c, [id]: { ...c[id], ...patch } }));

  const submit = () =>
    record.mutate(
      {
        clientId, householdId: h.householdId, mealsDelivered: meals, suppliesDelivered: supplies,
        checks: h.people.map((p) => ({ residentId: p.residentId, ...checks[p.residentId], needs: checks[p.residentId].needs.trim() || undefined })),
      },
      {
        onSuccess: (r) => void message.success(r.requestIds.length ? t('requests.care.recordedWithRequests', { count: r.requestIds.length }) : t('requests.care.recorded')),
        onError: (e) => void message.error(e.message),
      },
    );

  return (
    <Card size="small" className="care-household" data-testid={`care-household-${h.door}`}
      title={<span>{h.door} {h.visited ? <Tag color="green">{t('requests.care.visited')}</Tag> : <Tag color="orange">{t('requests.care.notVisited')}</Tag>}</span>}
      extra={h.openRequests > 0 && <Tag color="blue">{t('requests.care.openRequests', { count: h.openRequests })}</Tag>}>
      {h.visited ? (
        <>
          <div className="muted">{[h.mealsDelivered && t('requests.care.meals'), h.suppliesDelivered && t('requests.care.supplies')].filter(Boolean).join(' · ')}</div>
          <ul className="care-people">
            {h.people.map((p) => (
              <li key={p.residentId}>
                {p.name} · {t('requests.care.age', { age: p.age })}
                {p.specialGroups.map((g) => <Tag key={g}>{t(`requests.care.groups.${g as 'elderly_alone'}`, { defaultValue: g })}</Tag>)}
                {p.condition && <Tag color={CONDITION_COLOURS[p.condition]}>{t(`requests.care.conditions.${p.condition}`)}</Tag>}
                {p.medicineShort && <Tag color="red">{t('requests.care.medicineShort')}</Tag>}
                {p.needs && <span className="muted"> {p.needs}</span>}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <div className="request-form">
          <div>
            <Checkbox checked={meals} onChange={(e) => setMeals(e.target.checked)}>{t('requests.care.meals')}</Checkbox>
            <Checkbox checked={supplies} onChange={(e) => setSupplies(e.target.checked)}>{t('requests.care.supplies')}</Checkbox>
          </div>
          {h.people.map((p) => (
            <div key={p.residentId} className="care-person">
              <div>
                <strong>{p.name}</strong> · {t('requests.care.age', { age: p.age })}
                {p.specialGroups.map((g) => <Tag key={g}>{t(`requests.care.groups.${g as 'elderly_alone'}`, { defaultValue: g })}</Tag>)}
              </div>
              <Select<Condition> value={checks[p.residentId].condition} onChange={(v) => set(p.residentId, { condition: v })} style={{ minWidth: 120 }}
                options={CARE_CONDITIONS.map((c) => ({ value: c, label: t(`requests.care.conditions.${c}`) }))} />
              <Checkbox checked={checks[p.residentId].medicineShort} onChange={(e) => set(p.residentId, { medicineShort: e.target.checked })}>{t('requests.care.medicineShort')}</Checkbox>
              <Checkbox checked={checks[p.residentId].urgent} onChange={(e) => set(p.residentId, { urgent: e.target.checked })}>{t('requests.care.urgent')}</Checkbox>
              <Input value={checks[p.residentId].needs} onChange={(e) => set(p.residentId, { needs: e.target.value })} placeholder={t('requests.care.needs')} />
            </div>
          ))}
          <Button type="primary" block loading={record.isPending} onClick={submit} data-testid={`care-submit-${h.door}`}>{t('requests.care.record')}</Button>
        </div>
      )}
    </Card>
  );
}

/**
 * 居家关爱 — the day's round of a building in a sealed or high-risk area: each household's visit
 * (meals, supplies) and each person's condition and needs; anything urgent becomes a request with an owner.
 */
export default function CarePage() {
  const { t } = useTranslation();
  const [buildingId, setBuildingId] = useState<number>();
  const round = useCareRound(buildingId);
  const data = round.data;
  const me = useCurrentUser();
  // The code sheet is the grid worker's and the command's (the server refuses anyone else).
  const mayIssueCodes = me.mayCommand || me.role === 'grid_worker';

  return (
    <div className="phone-page" data-testid="care-page">
      <PageTitle extra={data?.buildingId && mayIssueCodes ? <Link to={`/household-codes/${data.buildingId}`}><QrcodeOutlined /> {t('requests.codes.title')}</Link> : undefined}>
        {t('requests.care.title')}
      </PageTitle>
      {round.isError && <ErrorAlert error={round.error} onRetry={() => void round.refetch()} />}
      {round.isPending && <Card><Skeleton active /></Card>}
      {data && data.buildings.length === 0 && <Empty description={t('requests.care.noBuildings')} />}
      {data && data.buildings.length > 0 && (
        <>
          <Select<number> value={data.buildingId ?? undefined} onChange={setBuildingId} style={{ width: '100%' }} data-testid="care-building"
            options={data.buildings.map((b) => ({ value: b.id, label: `${b.where} / ${b.name}` }))} />
          <p className="muted">{t('requests.care.summary', { date: data.date, visited: data.households.filter((h) => h.visited).length, total: data.households.length })}</p>
          {data.households.map((h) => <HouseholdVisit key={`${data.buildingId}-${h.householdId}`} h={h} />)}
        </>
      )}
    </div>
  );
}
