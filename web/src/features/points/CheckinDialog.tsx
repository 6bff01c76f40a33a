import { useState } from 'react';
import { Alert, App, Button, Form, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TPerson } from '../../../../contracts/people.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { PersonPicker } from '../assignments/PersonPicker.tsx';
import { PERSON_KIND_LIST, type TPersonKind } from '../people/api.ts';
import { useCheckIn, type TPoint } from './api.ts';
import { pickerFor, teamRoleLabel } from './labels.ts';

interface FormValues {
  personId: number;
}

/** The role a point most lacks this shift (the dialog opens on it), else plain volunteers (N), who are never too many. */
function defaultRole(point: TPoint): string {
  const roles = point.team.roles;
  const missing = point.team.missing.find((m) => m.role !== 'point_chief' || point.chiefs.length > 0);
  return missing?.role ?? roles.find((r) => r.required === 0)?.role ?? roles[0]?.role ?? 'volunteer';
}

function CheckinForm({ point, onDone }: { point: TPoint; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const checkIn = useCheckIn();
  const [form] = Form.useForm<FormValues>();
  const [role, setRole] = useState(() => defaultRole(point));
  const [kind, setKind] = useState<TPersonKind | undefined>(() => pickerFor(role).kind);
  const [name, setName] = useState<string>();
  const isChief = role === 'point_chief';
  const partyMember = pickerFor(role).partyMember;
  const inTeam = new Map(point.team.members.map((m) => [m.personId, m.role]));

  // Someone already on this team is offered but cannot be chosen twice; anyone else is the server's to judge.
  const refusal = (p: TPerson) => {
    const held = inTeam.get(p.id);
    return held ? t('points.checkin.inTeam', { role: teamRoleLabel(t, held) }) : undefined;
  };

  const onFinish = async (v: FormValues) => {
    const done = await checkIn.mutateAsync({ pointId: point.id, personId: v.personId, role }).catch(() => undefined);
    if (!done) return;
    void message.success(t('points.checkin.done', { name: name ?? '', role: teamRoleLabel(t, role) }));
    onDone();
  };

  return (
    <Form<FormValues> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} data-testid="checkin-form">
      <Form.Item label={t('points.checkin.role')}>
        <Select<string>
          data-testid="checkin-role"
          className="full-width"
          value={role}
          onChange={(next) => {
            setRole(next);
            setKind(pickerFor(next).kind);
            setName(undefined);
            form.setFieldValue('personId', undefined);
            checkIn.reset();
          }}
          options={point.team.roles.map((r) => ({
            value: r.role,
            // N volunteers: any number is welcome, so there is nothing to fall short of.
            label: r.required > 0
              ? t('points.checkin.roleOption', { role: teamRoleLabel(t, r.role), present: r.present, required: r.required })
              : t('points.checkin.roleOptionAny', { role: teamRoleLabel(t, r.role), present: r.present }),
          }))}
        />
      </Form.Item>
      {isChief ? (
        point.chiefs.length === 0 ? (
          <Alert type="warning" showIcon className="form-note" title={t('points.checkin.noChief')} data-testid="checkin-no-chief" />
        ) : (
          <Form.Item name="personId" label={t('points.checkin.person')} rules={[{ required: true, message: t('points.checkin.personRequired') }]}>
            <Select<number>
              data-testid="checkin-chief"
              className="full-width"
              onChange={(id) => setName(point.chiefs.find((c) => c.personId === id)?.name)}
              options={point.chiefs.map((c) => ({ value: c.personId, label: c.name, disabled: inTeam.has(c.personId) }))}
            />
          </Form.Item>
        )
      ) : (
        <>
          <Form.Item label={t('points.checkin.kind')} extra={partyMember ? t('points.checkin.partyOnly') : undefined}>
            <Select<TPersonKind | 'all'>
              data-testid="checkin-kind"
              className="full-width"
              value={kind ?? 'all'}
              onChange={(v) => {
                setKind(v === 'all' ? undefined : v);
                setName(undefined);
                form.setFieldValue('personId', undefined);
              }}
              options={[{ value: 'all', label: t('common.all') }, ...PERSON_KIND_LIST.map((k) => ({ value: k, label: t(`people.kinds.${k}`) }))]}
            />
          </Form.Item>
          <Form.Item name="personId" label={t('points.checkin.person')} extra={t('points.checkin.personHelp')} rules={[{ required: true, message: t('points.checkin.personRequired') }]}>
            <PersonPicker
              key={`${kind ?? 'all'}:${String(partyMember)}`}
              kind={kind}
              partyMember={partyMember}
              anywhere
              refusal={refusal}
              testId="checkin-person"
              onChange={(_, p) => {
                setName(p?.name);
                checkIn.reset();
              }}
            />
          </Form.Item>
        </>
      )}
      {checkIn.isError && <ErrorAlert error={checkIn.error} testId="checkin-error" />}
      <div className="dialog-actions">
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={checkIn.isPending} disabled={isChief && point.chiefs.length === 0} data-testid="checkin-submit">
          {t('points.checkin.submit')}
        </Button>
      </div>
    </Form>
  );
}

/** 签到: a person joins this shift's "1+3+10+N" team in a role; the server refuses the wrong kind of person in its words. */
export function CheckinDialog({ point, open, onClose }: { point: TPoint; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} title={t('points.checkin.title', { name: point.name })} onCancel={onClose} footer={null} destroyOnHidden>
      <div data-testid="checkin-dialog">
        <CheckinForm key={point.id} point={point} onDone={onClose} />
      </div>
    </Modal>
  );
}
