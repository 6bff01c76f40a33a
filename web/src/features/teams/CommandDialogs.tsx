import { useState } from 'react';
import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { SKILLS, SQUAD_KINDS, type TAddMemberRequest, type TCreateSquadRequest, type TCreateTeamRequest } from '../../../../contracts/teams.ts';
import { api } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useAssign, useEndAssignment } from '../assignments/api.ts';
import { PersonPicker } from '../assignments/PersonPicker.tsx';
import { PERSON_KIND_LIST, type TPersonKind } from '../people/api.ts';
import { RegionPicker } from '../regions/RegionPicker.tsx';
import type { TTeamDetail } from './api.ts';

function useRefreshTeams() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ predicate: (q) => ['teams', 'responses'].includes(String(q.queryKey[0])) });
}

/** 指派队长 through the assignments module (unit type team), from the team's own members; a captain in post is relieved first. */
export function CaptainDialog({ team, open, onClose }: { team: TTeamDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshTeams();
  const assign = useAssign();
  const end = useEndAssignment();
  const [personId, setPersonId] = useState<number>();
  const submit = async () => {
    if (!personId) return;
    try {
      if (team.captain) await end.mutateAsync(team.captain.assignmentId);
      await assign.mutateAsync({ unitType: 'team', unitId: team.id, role: 'team_captain', personId });
      await refresh();
      void message.success(t('teams.command.captainAssigned', { name: team.roster.find((m) => m.personId === personId)?.name ?? '' }));
      onClose();
    } catch {
      await refresh();
    }
  };
  const error = assign.error ?? end.error;
  return (
    <Modal open={open} title={t('teams.command.captainTitle', { team: team.name })} onCancel={onClose} footer={null} destroyOnHidden>
      <div data-testid="captain-dialog">
        <Select<number>
          className="full-width"
          data-testid="captain-person"
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('teams.shifts.membersPlaceholder')}
          value={personId}
          onChange={setPersonId}
          options={team.roster.filter((m) => m.personId !== team.captain?.personId).map((m) => ({ value: m.personId, label: `${m.name} · ${m.homeCommunity ?? ''}` }))}
        />
        {error && <ErrorAlert error={error} testId="captain-error" />}
        <div className="dialog-actions">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" disabled={!personId} loading={assign.isPending || end.isPending} onClick={() => void submit()} data-testid="captain-submit">{t('teams.command.captainOk')}</Button>
        </div>
      </div>
    </Modal>
  );
}

/** 新建小分队 (the command). */
export function SquadDialog({ team, open, onClose }: { team: TTeamDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshTeams();
  const create = useMutation({ mutationFn: (body: TCreateSquadRequest) => api<TTeamDetail>(`/teams/${team.id}/squads`, { method: 'POST', body }), onSuccess: () => refresh() });
  return (
    <Modal open={open} title={t('teams.command.squadTitle', { team: team.name })} onCancel={onClose} footer={null} destroyOnHidden>
      <Form<TCreateSquadRequest>
        layout="vertical"
        data-testid="squad-dialog"
        initialValues={{ kind: 'errands', needed: 10, regionId: null }}
        onFinish={(v) =>
          void create.mutateAsync({ ...v, regionId: v.regionId ?? null }).then(() => {
            void message.success(t('teams.command.squadCreated', { name: v.name }));
            onClose();
          }).catch(() => undefined)
        }
      >
        <Form.Item name="name" label={t('teams.command.squadName')} rules={[{ required: true, whitespace: true }]}><Input maxLength={100} data-testid="squad-name" /></Form.Item>
        <Form.Item name="kind" label={t('teams.command.squadKind')}>
          <Select data-testid="squad-kind" options={SQUAD_KINDS.map((k) => ({ value: k, label: t(`teams.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="needed" label={t('teams.command.squadNeeded')}><InputNumber min={0} max={1000} data-testid="squad-needed" /></Form.Item>
        <Form.Item name="regionId" label={t('teams.command.squadRegion')} extra={t('teams.command.squadRegionHelp')}>
          <RegionPicker testId="squad-region" />
        </Form.Item>
        {create.isError && <ErrorAlert error={create.error} testId="squad-error" />}
        <div className="dialog-actions">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="squad-submit">{t('teams.command.create')}</Button>
        </div>
      </Form>
    </Modal>
  );
}

/** 新建队伍 (the command): name, the unit that raised it, the town (or the district) it works. */
export function NewTeamDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: number) => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshTeams();
  const create = useMutation({ mutationFn: (body: TCreateTeamRequest) => api<TTeamDetail>('/teams', { method: 'POST', body }), onSuccess: () => refresh() });
  return (
    <Modal open={open} title={t('teams.command.teamTitle')} onCancel={onClose} footer={null} destroyOnHidden>
      <Form<TCreateTeamRequest>
        layout="vertical"
        data-testid="team-dialog"
        onFinish={(v) => void create.mutateAsync(v).then((team) => onCreated(team.id)).catch(() => undefined)}
      >
        <Form.Item name="name" label={t('teams.command.teamName')} rules={[{ required: true, whitespace: true }]}><Input maxLength={100} data-testid="team-name" /></Form.Item>
        <Form.Item name="parentUnit" label={t('teams.list.parentUnit')} rules={[{ required: true, whitespace: true }]}><Input maxLength={100} data-testid="team-parent" /></Form.Item>
        <Form.Item name="regionId" label={t('teams.list.region')} extra={t('teams.command.teamRegionHelp')} rules={[{ required: true }]}>
          <RegionPicker testId="team-region" />
        </Form.Item>
        {create.isError && <ErrorAlert error={create.error} testId="team-error" />}
        <div className="dialog-actions">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="team-submit">{t('teams.command.create')}</Button>
        </div>
      </Form>
    </Modal>
  );
}

interface MemberValues { personId?: number; squadId: number | 'none'; skills: string[]; trained: boolean }

/** 添加队员 (the captain or the command): anyone on the books, in one team at a time (the server says which team holds them). */
export function AddMemberDialog({ team, open, onClose }: { team: TTeamDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshTeams();
  const [kind, setKind] = useState<TPersonKind | undefined>('volunteer');
  const [name, setName] = useState('');
  const add = useMutation({ mutationFn: (body: TAddMemberRequest) => api<TTeamDetail>(`/teams/${team.id}/members`, { method: 'POST', body }), onSuccess: () => refresh() });
  const inTeam = new Set(team.roster.map((m) => m.personId));
  return (
    <Modal open={open} title={t('teams.command.memberTitle', { team: team.name })} onCancel={onClose} footer={null} destroyOnHidden>
      <Form<MemberValues>
        layout="vertical"
        data-testid="member-dialog"
        initialValues={{ squadId: 'none', skills: [], trained: true }}
        onFinish={(v) =>
          void add
            .mutateAsync({ personId: v.personId!, squadId: v.squadId === 'none' ? null : v.squadId, skills: v.skills, availability: [], trained: v.trained })
            .then(() => {
              void message.success(t('teams.command.memberAdded', { name }));
              onClose();
            })
            .catch(() => undefined)
        }
      >
        <Form.Item label={t('assignments.kind')}>
          <Select<TPersonKind | 'all'>
            data-testid="member-kind"
            value={kind ?? 'all'}
            onChange={(v) => setKind(v === 'all' ? undefined : v)}
            options={[{ value: 'all', label: t('common.all') }, ...PERSON_KIND_LIST.map((k) => ({ value: k, label: t(`people.kinds.${k}`) }))]}
          />
        </Form.Item>
        <Form.Item name="personId" label={t('assignments.person')} rules={[{ required: true, message: t('assignments.personRequired') }]}>
          <PersonPicker key={kind ?? 'all'} kind={kind} anywhere testId="member-person" refusal={(p) => (inTeam.has(p.id) ? t('teams.command.alreadyMember') : undefined)} onChange={(_, p) => setName(p?.name ?? '')} />
        </Form.Item>
        <Form.Item name="squadId" label={t('teams.members.squad')}>
          <Select data-testid="member-squad" options={[{ value: 'none', label: t('teams.members.reserve') }, ...team.squads.map((s) => ({ value: s.id, label: `${s.name} ${s.members}/${s.needed}` }))]} />
        </Form.Item>
        <Form.Item name="skills" label={t('teams.members.skills')}>
          <Checkbox.Group options={SKILLS.map((k) => ({ value: k, label: t(`teams.skills.${k}`) }))} />
        </Form.Item>
        <Form.Item name="trained" valuePropName="checked">
          <Checkbox data-testid="member-trained">{t('teams.trained')}</Checkbox>
        </Form.Item>
        {add.isError && <ErrorAlert error={add.error} testId="member-error" />}
        <div className="dialog-actions">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="member-submit">{t('teams.command.memberOk')}</Button>
        </div>
      </Form>
    </Modal>
  );
}
