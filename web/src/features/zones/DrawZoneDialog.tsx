import { App, Button, DatePicker, Form, Input, Modal, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useDrawZone, type TZoneLevel } from './api.ts';
import { useRiskNames } from './levels.ts';
import { ZoneMemberPicker, type PickedMember } from './ZoneMemberPicker.tsx';

/** What the date picker hands back (a Dayjs); only the instant is needed here. */
interface PickedTime {
  toDate(): Date;
}

interface FormValues {
  name: string;
  level: TZoneLevel;
  members: PickedMember[];
  startsAt?: PickedTime | null;
  endsAt?: PickedTime | null;
}

interface Props {
  responseId: number;
  /** The response's risk scheme, to name its levels. */
  scheme: string;
  /** The levels of the response's scheme, strictest first. */
  levels: TZoneLevel[];
  /** Members of areas in force, by key, with the area's name. */
  taken: Map<string, string>;
  onDone: () => void;
}

function DrawZoneForm({ responseId, scheme, levels, taken, onDone }: Props) {
  const { t } = useTranslation();
  const { levelName } = useRiskNames(scheme);
  const { message } = App.useApp();
  const draw = useDrawZone(responseId);
  const [form] = Form.useForm<FormValues>();

  const onFinish = async (v: FormValues) => {
    const created = await draw
      .mutateAsync({
        name: v.name.trim(),
        level: v.level,
        regionIds: v.members.filter((m) => m.kind === 'region').map((m) => m.id),
        buildingIds: v.members.filter((m) => m.kind === 'building').map((m) => m.id),
        startsAt: v.startsAt ? v.startsAt.toDate() : undefined,
        endsAt: v.endsAt ? v.endsAt.toDate() : undefined,
      })
      .catch(() => undefined);
    if (!created) return;
    void message.success(t('zones.draw.done', { name: created.name }));
    onDone();
  };

  return (
    <Form<FormValues> form={form} name="draw-zone" layout="vertical" requiredMark={false} initialValues={{ members: [] }} onFinish={onFinish} data-testid="draw-zone-form">
      <Typography.Paragraph type="secondary">{t('zones.draw.intro')}</Typography.Paragraph>
      <Form.Item name="name" label={t('zones.draw.name')} rules={[{ required: true, whitespace: true, message: t('zones.draw.nameRequired') }]}>
        <Input data-testid="draw-zone-name" maxLength={100} placeholder={t('zones.draw.namePlaceholder')} />
      </Form.Item>
      <Form.Item name="level" label={t('zones.draw.level')} rules={[{ required: true, message: t('zones.draw.levelRequired') }]}>
        <Radio.Group data-testid="draw-zone-level" optionType="button" options={levels.map((l) => ({ value: l, label: levelName(l) }))} />
      </Form.Item>
      <Form.Item
        name="members"
        label={t('zones.draw.members')}
        extra={t('zones.draw.membersHelp')}
        rules={[{ validator: (_, v: PickedMember[] | undefined) => (v && v.length > 0 ? Promise.resolve() : Promise.reject(new Error(t('zones.draw.membersRequired')))) }]}
      >
        <ZoneMemberPicker taken={taken} />
      </Form.Item>
      <Form.Item name="startsAt" label={t('zones.draw.startsAt')} extra={t('zones.draw.startsAtHelp')}>
        <DatePicker data-testid="draw-zone-start" className="full-width" showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Form.Item name="endsAt" label={t('zones.draw.endsAt')} extra={t('zones.draw.endsAtHelp')}>
        <DatePicker data-testid="draw-zone-end" className="full-width" showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      {draw.isError && <ErrorAlert error={draw.error} testId="draw-zone-error" />}
      <div className="dialog-actions">
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        {/* Not a submit button: Enter in the region search must pick a region, not draw the area. */}
        <Button type="primary" danger loading={draw.isPending} data-testid="draw-zone-submit" onClick={() => form.submit()}>{t('zones.draw.submit')}</Button>
      </div>
    </Form>
  );
}

/** 划定风险区域: name, level, the communities, grids or buildings it covers, when it starts and (if known) ends. */
export function DrawZoneDialog({ open, ...props }: Props & { open: boolean }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} title={t('zones.draw.title')} onCancel={props.onDone} footer={null} destroyOnHidden width={640}>
      <div data-testid="draw-zone-dialog">
        <DrawZoneForm {...props} />
      </div>
    </Modal>
  );
}
