import { useState } from 'react';
import { Alert, App, Button, Form, Modal, Radio, Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { THolder } from '../../../../contracts/assignments.ts';
import type { TPerson } from '../../../../contracts/people.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { PERSON_KIND_LIST, type TPersonKind } from '../people/api.ts';
import { useAssign, type TAssignableUnit, type TAssignmentRole } from './api.ts';
import { PersonPicker } from './PersonPicker.tsx';
import { kindsFor, needsPartyMember, ROLE_COLOURS, roleLabel, ROLES_OF_UNIT, SINGLE_HOLDER_ROLES } from './roles.ts';

/** A unit to put someone in: a town (片长), a command unit, or a party organisation. */
export interface AssignTarget {
  unitType: TAssignableUnit;
  unitId: number;
  unitName: string;
  /** Who holds posts there now. */
  holders: THolder[];
}

/** The post a unit most lacks: its first single-holder role nobody holds (a gap's link opens on it), else its last role. */
function defaultRole(target: AssignTarget): TAssignmentRole {
  const roles = ROLES_OF_UNIT[target.unitType];
  return roles.find((r) => SINGLE_HOLDER_ROLES.has(r) && !target.holders.some((h) => h.role === r)) ?? roles[roles.length - 1];
}

interface FormValues {
  personId: number;
}

function AssignForm({ target, onDone }: { target: AssignTarget; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const assign = useAssign();
  const [form] = Form.useForm<FormValues>();
  const roles = ROLES_OF_UNIT[target.unitType];
  const [role, setRole] = useState(() => defaultRole(target));
  const [kind, setKind] = useState<TPersonKind | undefined>(() => kindsFor(role).kind);
  const [person, setPerson] = useState<TPerson>();
  const kindLocked = kindsFor(role).locked;
  const partyOnly = needsPartyMember(target.unitType);
  const incumbent = SINGLE_HOLDER_ROLES.has(role) ? target.holders.find((h) => h.role === role) : undefined;

  const refusal = (p: TPerson) => {
    // One post per person in a unit: a secretary is not also a deputy or a member of the same branch.
    const held = target.holders.find((h) => h.personId === p.id);
    if (held) return held.role === role ? t('assignments.holdsRole') : t('assignments.holdsOther', { role: roleLabel(t, target.unitType, held.role) });
    if (partyOnly && !p.partyMember) return t('assignments.notPartyMember');
    return undefined;
  };

  const onFinish = async (values: FormValues) => {
    const done = await assign.mutateAsync({ unitType: target.unitType, unitId: target.unitId, role, personId: values.personId }).catch(() => undefined);
    if (!done) return;
    void message.success(t('assignments.assigned', { name: person?.name ?? '', role: roleLabel(t, target.unitType, role) }));
    onDone();
  };

  return (
    <Form<FormValues> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} data-testid="assign-form">
      {roles.length > 1 && (
        <Form.Item label={t('assignments.role')}>
          <Radio.Group
            data-testid="assign-role"
            optionType="button"
            value={role}
            onChange={(e) => {
              const next = e.target.value as TAssignmentRole;
              setRole(next);
              if (kindsFor(next).locked) setKind(kindsFor(next).kind);
            }}
            options={roles.map((r) => ({ value: r, label: roleLabel(t, target.unitType, r) }))}
          />
        </Form.Item>
      )}
      {roles.length === 1 && (
        <Form.Item label={t('assignments.role')}>
          <Tag color={ROLE_COLOURS[role]} data-testid="assign-role">{roleLabel(t, target.unitType, role)}</Tag>
        </Form.Item>
      )}
      {incumbent && <Alert type="warning" showIcon className="form-note" title={t('assignments.taken', { role: roleLabel(t, target.unitType, role), name: incumbent.name })} />}
      <Form.Item label={t('assignments.kind')} extra={kindLocked ? t('assignments.leaderOnly') : partyOnly ? t('assignments.partyOnly') : undefined}>
        <Select<TPersonKind | 'all'>
          data-testid="assign-kind"
          className="full-width"
          value={kind ?? 'all'}
          disabled={kindLocked}
          onChange={(v) => {
            setKind(v === 'all' ? undefined : v);
            form.setFieldValue('personId', undefined);
          }}
          options={[{ value: 'all', label: t('common.all') }, ...PERSON_KIND_LIST.map((k) => ({ value: k, label: t(`people.kinds.${k}`) }))]}
        />
      </Form.Item>
      <Form.Item name="personId" label={t('assignments.person')} rules={[{ required: true, message: t('assignments.personRequired') }]}>
        <PersonPicker key={kind ?? 'all'} kind={kind} partyMember={partyOnly || undefined} refusal={refusal} testId="assign-person" onChange={(_, p) => setPerson(p)} />
      </Form.Item>
      {assign.isError && <ErrorAlert error={assign.error} testId="assign-error" />}
      <div className="dialog-actions">
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={assign.isPending} data-testid="assign-submit">{t('assignments.submit')}</Button>
      </div>
    </Form>
  );
}

/** Puts a person in a post of a unit; the server's refusal (wrong kind, not a party member, post taken) shows in its words. */
export function AssignDialog({ target, onClose }: { target: AssignTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={target !== null} title={target ? t('assignments.assignTitle', { unit: target.unitName }) : undefined} onCancel={onClose} footer={null} destroyOnHidden>
      {target && (
        <div data-testid="assign-dialog">
          <AssignForm key={`${target.unitType}:${target.unitId}`} target={target} onDone={onClose} />
        </div>
      )}
    </Modal>
  );
}
