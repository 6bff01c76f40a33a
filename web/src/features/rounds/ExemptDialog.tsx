import { Alert, App, Button, Form, Input, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { normaliseIdNumber, parseIdNumber } from '../../../../contracts/idcard.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useRecordExemption, type TExemptionReason, type TUntestedPerson } from './api.ts';
import { EXEMPTION_REASON_LIST } from './labels.ts';

interface FormValues {
  idNumber: string;
  reason: TExemptionReason;
  note?: string;
}

const isMasked = (id: string) => id.includes('*');

function ExemptForm({ roundId, person, onDone }: { roundId: number; person: TUntestedPerson | null; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const record = useRecordExemption(roundId);
  const [form] = Form.useForm<FormValues>();
  // A masked number cannot be sent: the user types the full one from the person's card.
  const known = person && !isMasked(person.idNumber) ? person.idNumber : undefined;

  const onFinish = async (v: FormValues) => {
    const done = await record
      .mutateAsync({ idNumber: normaliseIdNumber(v.idNumber), reason: v.reason, note: v.note?.trim() || undefined })
      .catch(() => undefined);
    if (!done) return;
    void message.success(t('rounds.exempt.done'));
    onDone();
  };

  return (
    <Form<FormValues> form={form} name="exempt" layout="vertical" requiredMark={false} initialValues={{ idNumber: known }} onFinish={onFinish} data-testid="exempt-form">
      {person && isMasked(person.idNumber) && (
        <Alert className="form-note" type="info" showIcon title={t('rounds.exempt.typeFull', { name: person.name, id: person.idNumber })} />
      )}
      <Form.Item
        name="idNumber"
        label={t('rounds.exempt.idNumber')}
        rules={[
          {
            validator: (_, v: string | undefined) => {
              if (!v?.trim()) return Promise.reject(new Error(t('rounds.exempt.idRequired')));
              const facts = parseIdNumber(v);
              return typeof facts === 'string' ? Promise.reject(new Error(t(`rounds.idProblems.${facts}`))) : Promise.resolve();
            },
          },
        ]}
      >
        <Input data-testid="exempt-id" className="mono" maxLength={18} autoComplete="off" disabled={!!known} />
      </Form.Item>
      <Form.Item name="reason" label={t('rounds.exempt.reason')} rules={[{ required: true, message: t('rounds.exempt.reasonRequired') }]}>
        <Radio.Group data-testid="exempt-reason" className="exempt-reasons" options={EXEMPTION_REASON_LIST.map((r) => ({ value: r, label: t(`rounds.exempt.reasons.${r}`) }))} />
      </Form.Item>
      <Form.Item name="note" label={t('rounds.exempt.note')}>
        <Input.TextArea data-testid="exempt-note" maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('rounds.exempt.notePlaceholder')} />
      </Form.Item>
      {record.isError && <ErrorAlert error={record.error} testId="exempt-error" />}
      <div className="dialog-actions">
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={record.isPending} data-testid="exempt-submit">{t('rounds.exempt.submit')}</Button>
      </div>
    </Form>
  );
}

/** 登记免检: a resident who need not be tested this round (vaccinated in the last 48 hours, under 3, away, in hospital). */
export function ExemptDialog({ open, roundId, person, onClose }: { open: boolean; roundId: number; person: TUntestedPerson | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} title={person ? t('rounds.exempt.titleFor', { name: person.name }) : t('rounds.exempt.title')} onCancel={onClose} footer={null} destroyOnHidden width={520}>
      <div data-testid="exempt-dialog">
        <ExemptForm roundId={roundId} person={person} onDone={onClose} />
      </div>
    </Modal>
  );
}
