import { App, Button, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useRegion } from '../regions/api.ts';
import { useDeclareResponse, type TZoneScheme } from './api.ts';
import { useRiskNames } from '../zones/levels.ts';

/** What the date picker hands back (a Dayjs); only its formatting is needed here. */
interface PickedDate {
  format(template: string): string;
}

interface FormValues {
  code: string;
  name: string;
  startedOn: PickedDate;
  zoneScheme: TZoneScheme;
  commandPostTownIds: number[];
}

function DeclareForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const declare = useDeclareResponse();
  const root = useRegion(undefined);
  const { schemes, schemeName } = useRiskNames();
  const [form] = Form.useForm<FormValues>();
  const towns = root.data?.region.level === 'district' ? root.data.children : [];

  const onFinish = async (v: FormValues) => {
    const created = await declare
      .mutateAsync({ code: v.code, name: v.name.trim(), startedOn: v.startedOn.format('YYYY-MM-DD'), zoneScheme: v.zoneScheme, commandPostTownIds: v.commandPostTownIds ?? [] })
      .catch(() => undefined);
    if (!created) return;
    void message.success(t('responses.declared', { code: created.code }));
    onDone();
    navigate(`/responses/${created.id}`);
  };

  return (
    <Form<FormValues>
      form={form}
      name="declare"
      layout="vertical"
      requiredMark={false}
      initialValues={{ zoneScheme: 'high_medium_low', commandPostTownIds: [] }}
      onFinish={onFinish}
      // A response is named by its code until someone names it otherwise.
      onValuesChange={(changed: Partial<FormValues>) => {
        if (changed.code !== undefined && !form.isFieldTouched('name') && /^\d{4}$/.test(changed.code)) form.setFieldValue('name', t('responses.defaultName', { code: changed.code }));
      }}
      data-testid="declare-form"
    >
      <Typography.Paragraph type="secondary">{t('responses.declareIntro')}</Typography.Paragraph>
      <div className="form-pair">
        <Form.Item name="code" label={t('responses.code')} extra={t('responses.codeHelp')} rules={[{ required: true, pattern: /^\d{4}$/, message: t('responses.codeInvalid') }]}>
          <Input data-testid="declare-code" maxLength={4} inputMode="numeric" placeholder="0708" className="mono" />
        </Form.Item>
        <Form.Item name="startedOn" label={t('responses.startedOn')} rules={[{ required: true, message: t('responses.startedOnRequired') }]}>
          <DatePicker data-testid="declare-date" className="full-width" format="YYYY-MM-DD" inputReadOnly={false} />
        </Form.Item>
      </div>
      <Form.Item name="name" label={t('responses.name')} rules={[{ required: true, whitespace: true, message: t('responses.nameRequired') }]}>
        <Input data-testid="declare-name" maxLength={100} placeholder={t('responses.namePlaceholder')} />
      </Form.Item>
      <Form.Item name="zoneScheme" label={t('responses.zoneScheme')}>
        <Select<TZoneScheme> data-testid="declare-scheme" className="full-width" options={schemes.map((s) => ({ value: s.code, label: schemeName(s.code) }))} />
      </Form.Item>
      <Form.Item name="commandPostTownIds" label={t('responses.postTowns')} extra={t('responses.postTownsHelp')}>
        <Select<number[]>
          data-testid="declare-towns"
          className="full-width"
          mode="multiple"
          loading={root.isPending}
          placeholder={t('responses.postTownsPlaceholder')}
          showSearch={{ optionFilterProp: 'label' }}
          options={towns.map((town) => ({ value: town.id, label: town.name }))}
        />
      </Form.Item>
      {declare.isError && <ErrorAlert error={declare.error} testId="declare-error" />}
      <div className="dialog-actions">
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        {/* Not a submit button: Enter in a field (the date picker commits with it) must not declare a response. */}
        <Button type="primary" danger loading={declare.isPending} data-testid="declare-submit" onClick={() => form.submit()}>{t('responses.submit')}</Button>
      </div>
    </Form>
  );
}

/** 宣布启动应急响应: the response, and with it the district command, its posts and their temporary branches. */
export function DeclareResponseDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} title={t('responses.declareTitle')} onCancel={onClose} footer={null} destroyOnHidden width={600}>
      <DeclareForm onDone={onClose} />
    </Modal>
  );
}
