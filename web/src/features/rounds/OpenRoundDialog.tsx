import { App, Button, DatePicker, Form, Input, Modal, Radio, Select, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatCount, formatDateTime } from '../../app/format.ts';
import { RegionPicker } from '../regions/RegionPicker.tsx';
import { schemeLevels, useZones, type TZoneLevel } from '../zones/api.ts';
import { useRiskNames } from '../zones/levels.ts';
import { useOpenRound, type TPoolSize } from './api.ts';
import { defaultPoolFor, poolLabel, POOL_SIZE_LIST } from './labels.ts';

/** What the date picker hands back (a Dayjs); only the instant is needed here. */
interface PickedTime {
  toDate(): Date;
}

interface PickedRegion {
  id: number;
  name: string;
  where: string;
}

interface FormValues {
  name: string;
  startsAt?: PickedTime | null;
  hours: number;
  regions: PickedRegion[];
  zoneIds: number[];
  defaultPoolSize: TPoolSize;
  pools: Partial<Record<TZoneLevel, TPoolSize>>;
}

/** An area's round should finish within a day; longer windows are for rounds spread over a weekend. */
const DURATIONS = [6, 12, 24, 48, 72];
const HOUR = 3600_000;

/** Regions added one by one with the shared picker, listed as tags that can be removed. */
function ScopeRegions({ value = [], onChange }: { value?: PickedRegion[]; onChange?: (regions: PickedRegion[]) => void }) {
  const { t } = useTranslation();
  return (
    <div className="round-scope-regions">
      <RegionPicker
        testId="open-round-region"
        value={undefined}
        placeholder={t('rounds.open.regionsPlaceholder')}
        onChange={(id, region) => {
          if (id === undefined || !region || value.some((r) => r.id === id)) return;
          onChange?.([...value, { id, ...region }]);
        }}
      />
      {value.length > 0 && (
        <div className="tags" data-testid="open-round-regions">
          {value.map((r) => (
            <Tag key={r.id} closable onClose={() => onChange?.(value.filter((x) => x.id !== r.id))}>
              {r.name} <span className="muted">{r.where}</span>
            </Tag>
          ))}
        </div>
      )}
    </div>
  );
}

function OpenRoundForm({ responseId, roundsSoFar, onDone }: { responseId: number; roundsSoFar: number; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const open = useOpenRound(responseId);
  const zones = useZones(responseId);
  const { levelName, levelColour } = useRiskNames(zones.data?.scheme);
  const [form] = Form.useForm<FormValues>();
  const hours = Form.useWatch('hours', form) ?? 24;
  const start = Form.useWatch('startsAt', form);

  if (zones.isError) return <ErrorAlert error={zones.error} onRetry={() => void zones.refetch()} />;
  if (!zones.data) return <Skeleton active />;
  const levels = schemeLevels(zones.data);
  const rankOf = (level: TZoneLevel) => zones.data.byLevel.find((l) => l.level === level)?.rank ?? Number.POSITIVE_INFINITY;
  const areas = zones.data.zones.filter((z) => z.active);

  const onFinish = async (v: FormValues) => {
    const startsAt = v.startsAt ? v.startsAt.toDate() : new Date();
    const round = await open
      .mutateAsync({
        name: v.name.trim(),
        startsAt,
        endsAt: new Date(startsAt.getTime() + v.hours * HOUR),
        regionIds: v.regions.map((r) => r.id),
        zoneIds: v.zoneIds,
        defaultPoolSize: v.defaultPoolSize,
        poolSizes: levels.map((level) => ({ level, poolSize: v.pools[level] ?? defaultPoolFor(rankOf(level), v.defaultPoolSize) })),
      })
      .catch(() => undefined);
    if (!round) return;
    void message.success(t('rounds.open.done', { name: round.name }));
    onDone();
    navigate(`/rounds/${round.id}`);
  };

  const poolOptions = POOL_SIZE_LIST.map((n) => ({ value: n, label: poolLabel(t, n) }));
  const endsAt = new Date((start ? start.toDate() : new Date()).getTime() + hours * HOUR);
  return (
    <Form<FormValues>
      form={form}
      name="open-round"
      layout="vertical"
      requiredMark={false}
      initialValues={{
        name: t('rounds.open.defaultName', { n: roundsSoFar + 1 }),
        hours: 24,
        regions: [],
        zoneIds: [],
        defaultPoolSize: 10,
        pools: Object.fromEntries(levels.map((l) => [l, defaultPoolFor(rankOf(l), 10)])),
      }}
      onFinish={onFinish}
      data-testid="open-round-form"
    >
      <Typography.Paragraph type="secondary">{t('rounds.open.intro')}</Typography.Paragraph>
      <Form.Item name="name" label={t('rounds.open.name')} rules={[{ required: true, whitespace: true, message: t('rounds.open.nameRequired') }]}>
        <Input data-testid="open-round-name" maxLength={100} />
      </Form.Item>
      <div className="form-pair">
        <Form.Item name="startsAt" label={t('rounds.open.startsAt')} extra={t('rounds.open.startsAtHelp')}>
          <DatePicker data-testid="open-round-start" className="full-width" showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="hours" label={t('rounds.open.duration')} extra={t('rounds.open.endsAt', { at: formatDateTime(endsAt.toISOString()) })}>
          <Select<number> data-testid="open-round-hours" options={DURATIONS.map((h) => ({ value: h, label: t('rounds.open.hours', { count: h }) }))} />
        </Form.Item>
      </div>
      <Form.Item
        name="regions"
        label={t('rounds.open.regions')}
        extra={t('rounds.open.regionsHelp')}
        dependencies={['zoneIds']}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, v: PickedRegion[] | undefined) =>
              (v?.length ?? 0) + ((getFieldValue('zoneIds') as number[] | undefined)?.length ?? 0) > 0 ? Promise.resolve() : Promise.reject(new Error(t('rounds.open.scopeRequired'))),
          }),
        ]}
      >
        <ScopeRegions />
      </Form.Item>
      <Form.Item name="zoneIds" label={t('rounds.open.zones')} extra={t('rounds.open.zonesHelp')}>
        <Select<number[]>
          data-testid="open-round-zones"
          className="full-width"
          mode="multiple"
          placeholder={areas.length ? t('rounds.open.zonesPlaceholder') : t('rounds.open.noZones')}
          disabled={areas.length === 0}
          showSearch={{ optionFilterProp: 'label' }}
          options={areas.map((z) => ({ value: z.id, label: `${z.name}（${levelName(z.level)} · ${formatCount(z.residents)}）` }))}
        />
      </Form.Item>
      <Form.Item name="defaultPoolSize" label={t('rounds.open.defaultPool')} extra={t('rounds.open.defaultPoolHelp')}>
        <Radio.Group data-testid="open-round-pool" optionType="button" options={poolOptions} />
      </Form.Item>
      <div className="round-pools">
        <div className="round-pools-title">{t('rounds.open.poolByLevel')}</div>
        {levels.map((level) => (
          <div key={level} className="round-pool" data-testid={`open-round-pool-${level}`}>
            <Tag color={levelColour(level)}>{levelName(level)}</Tag>
            <Form.Item name={['pools', level]} noStyle>
              <Radio.Group size="small" optionType="button" options={poolOptions} />
            </Form.Item>
          </div>
        ))}
        <Typography.Text type="secondary" className="round-pools-help">{t('rounds.open.poolByLevelHelp')}</Typography.Text>
      </div>
      {open.isError && <ErrorAlert error={open.error} testId="open-round-error" />}
      <div className="dialog-actions">
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        {/* Not a submit button: Enter in the region search must pick a region, not open the round. */}
        <Button type="primary" loading={open.isPending} data-testid="open-round-submit" onClick={() => form.submit()}>{t('rounds.open.submit')}</Button>
      </div>
    </Form>
  );
}

/** 开启新一轮: name, window, the regions and risk areas it covers, and the pool size by risk level. */
export function OpenRoundDialog({ open, responseId, roundsSoFar, onClose }: { open: boolean; responseId: number; roundsSoFar: number; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} title={t('rounds.open.title')} onCancel={onClose} footer={null} destroyOnHidden width={640}>
      <div data-testid="open-round-dialog">
        <OpenRoundForm responseId={responseId} roundsSoFar={roundsSoFar} onDone={onClose} />
      </div>
    </Modal>
  );
}
