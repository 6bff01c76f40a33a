import { App, Button, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useScheduleShift, useTeamPosts, type TPostType, type TTeamDetail } from './api.ts';

/** `YYYY-MM-DDTHH:mm` in the browser's time zone, for a datetime-local input. */
function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

interface Values { post?: string; startsAt: string; endsAt: string; personIds: number[] }

/** 排班: members of the team onto a shift at a point, checkpoint or command post of its area. */
export function ScheduleShiftDialog({ team, open, onClose }: { team: TTeamDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const posts = useTeamPosts(team.id, open);
  const schedule = useScheduleShift(team.id);
  const [form] = Form.useForm<Values>();
  // The shift starts now (to the quarter hour) and runs four hours, unless the captain says otherwise.
  const start = new Date(Math.floor(Date.now() / 900_000) * 900_000);
  const initial: Values = { startsAt: localInput(start), endsAt: localInput(new Date(start.getTime() + 4 * 3600_000)), personIds: [] };

  const submit = async (v: Values) => {
    const [postType, postId] = (v.post ?? '').split(':');
    try {
      const shift = await schedule.mutateAsync({
        postType: postType as TPostType,
        postId: Number(postId),
        startsAt: new Date(v.startsAt).toISOString(),
        endsAt: new Date(v.endsAt).toISOString(),
        personIds: v.personIds,
      });
      void message.success(t('teams.shifts.scheduled', { post: shift.postName, count: shift.members.length }));
      form.resetFields();
      onClose();
    } catch {
      // The refusal shows in the dialog, in the server's words.
    }
  };

  return (
    <Modal open={open} title={t('teams.shifts.schedule')} onCancel={onClose} footer={null} destroyOnHidden>
      <div data-testid="shift-dialog">
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)}>
        <Form.Item name="post" label={t('teams.shifts.post')} rules={[{ required: true, message: t('teams.shifts.postRequired') }]}>
          <Select
            data-testid="shift-post"
            showSearch={{ optionFilterProp: 'label' }}
            loading={posts.isFetching}
            placeholder={t('teams.shifts.postPlaceholder')}
            options={(posts.data?.items ?? []).map((p) => ({ value: `${p.postType}:${p.postId}`, label: `${t(`teams.postTypes.${p.postType}`)} · ${p.name}` }))}
          />
        </Form.Item>
        <div className="shift-times">
          <Form.Item name="startsAt" label={t('teams.shifts.startsAt')} rules={[{ required: true }]}>
            <Input type="datetime-local" data-testid="shift-start" />
          </Form.Item>
          <Form.Item name="endsAt" label={t('teams.shifts.endsAt')} rules={[{ required: true }]}>
            <Input type="datetime-local" data-testid="shift-end" />
          </Form.Item>
        </div>
        <Form.Item name="personIds" label={t('teams.shifts.members')} rules={[{ required: true, message: t('teams.shifts.membersRequired') }]}>
          <Select
            mode="multiple"
            data-testid="shift-members"
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('teams.shifts.membersPlaceholder')}
            options={team.roster.map((m) => ({ value: m.personId, label: m.name }))}
          />
        </Form.Item>
        {schedule.isError && <ErrorAlert error={schedule.error} testId="shift-error" />}
        <div className="dialog-actions">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={schedule.isPending} data-testid="shift-submit">{t('teams.shifts.scheduleOk')}</Button>
        </div>
      </Form>
      </div>
    </Modal>
  );
}
