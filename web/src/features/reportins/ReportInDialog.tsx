import { useState } from 'react';
import { App, Button, Checkbox, Form, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TPerson } from '../../../../contracts/people.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { PersonPicker } from '../assignments/PersonPicker.tsx';
import { REPORT_IN_POSTS, useReportIn, type TReportInPost } from './api.ts';

/** The community a member reports in to, and who has already. */
export interface ReportInTarget {
  communityId: number;
  communityName: string;
  reportedPersonIds: number[];
}

interface FormValues {
  personId: number;
  posts: TReportInPost[];
  timeSlots: string[];
}

const SLOT_SUGGESTIONS = ['weekdayEvenings', 'weekends', 'saturdayMornings', 'anytime'] as const;
const MAX_SLOTS = 14;
const MAX_SLOT_LENGTH = 50;

function ReportInForm({ target, onDone }: { target: ReportInTarget; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportIn = useReportIn();
  const [form] = Form.useForm<FormValues>();
  const [person, setPerson] = useState<TPerson>();

  // The server has the last word; these only save a refused round trip.
  const refusal = (p: TPerson) => {
    if (target.reportedPersonIds.includes(p.id)) return t('reportIns.already');
    if (p.homeCommunity?.id !== target.communityId) return t('reportIns.livesElsewhere');
    return undefined;
  };

  const onFinish = async (v: FormValues) => {
    const timeSlots = (v.timeSlots ?? []).map((s) => s.trim()).filter(Boolean);
    const done = await reportIn.mutateAsync({ personId: v.personId, communityId: target.communityId, posts: v.posts, timeSlots }).catch(() => undefined);
    if (!done) return;
    void message.success(t('reportIns.reported', { name: person?.name ?? done.name, community: target.communityName }));
    onDone();
  };

  return (
    <Form<FormValues> form={form} layout="vertical" requiredMark={false} initialValues={{ posts: [], timeSlots: [] }} onFinish={onFinish} data-testid="report-in-form">
      <Typography.Paragraph type="secondary">{t('reportIns.formIntro', { community: target.communityName })}</Typography.Paragraph>
      <Form.Item name="personId" label={t('reportIns.person')} extra={t('reportIns.personHelp')} rules={[{ required: true, message: t('assignments.personRequired') }]}>
        <PersonPicker kind={undefined} partyMember refusal={refusal} testId="report-in-person" onChange={(_, p) => setPerson(p)} />
      </Form.Item>
      <Form.Item name="posts" label={t('reportIns.posts')} rules={[{ required: true, type: 'array', min: 1, message: t('reportIns.postsRequired') }]}>
        <Checkbox.Group data-testid="report-in-posts" className="post-choices" options={REPORT_IN_POSTS.map((p) => ({ value: p, label: t(`reportIns.postLabels.${p}`) }))} />
      </Form.Item>
      <Form.Item
        name="timeSlots"
        label={t('reportIns.timeSlots')}
        extra={t('reportIns.timeSlotsHelp')}
        rules={[{ validator: (_, v: string[] | undefined) => ((v ?? []).every((s) => s.trim().length <= MAX_SLOT_LENGTH) ? Promise.resolve() : Promise.reject(new Error(t('reportIns.slotTooLong', { max: MAX_SLOT_LENGTH })))) }]}
      >
        <Select<string[]>
          data-testid="report-in-slots"
          className="full-width"
          mode="tags"
          maxCount={MAX_SLOTS}
          tokenSeparators={['，', ',', '；', ';']}
          placeholder={t('reportIns.timeSlotsPlaceholder')}
          options={SLOT_SUGGESTIONS.map((s) => ({ value: t(`reportIns.slotSuggestions.${s}`), label: t(`reportIns.slotSuggestions.${s}`) }))}
        />
      </Form.Item>
      {reportIn.isError && <ErrorAlert error={reportIn.error} testId="report-in-error" />}
      <div className="dialog-actions">
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        {/* Not a submit button: Enter in the time slots adds a slot, it does not send the form. */}
        <Button type="primary" loading={reportIn.isPending} data-testid="report-in-submit" onClick={() => form.submit()}>{t('reportIns.submit')}</Button>
      </div>
    </Form>
  );
}

/** 登记报到: a party member reports in to their home community with the posts they can take and their free time. */
export function ReportInDialog({ target, onClose }: { target: ReportInTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={target !== null} title={target ? t('reportIns.formTitle', { community: target.communityName }) : undefined} onCancel={onClose} footer={null} destroyOnHidden>
      {target && (
        <div data-testid="report-in-dialog">
          <ReportInForm target={target} onDone={onClose} />
        </div>
      )}
    </Modal>
  );
}
