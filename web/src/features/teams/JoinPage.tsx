import { useState } from 'react';
import { Button, Card, Checkbox, Form, Input, Result, Select, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SKILLS } from '../../../../contracts/teams.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { PublicPage } from '../../app/PublicPage.tsx';
import { newSubmissionId } from '../rounds/useScanSession.ts';
import { useJoinOptions, useSignUp } from './api.ts';

const AVAILABILITY = ['weekdayEvenings', 'weekends', 'weekdayMornings', 'anytime', 'nights'] as const;

interface Values {
  phone: string;
  name: string;
  birthDate: string;
  townId?: number;
  homeCommunityId?: number;
  teamId?: number;
  skills: string[];
  availability: Array<(typeof AVAILABILITY)[number]>;
  trained: boolean;
  partyMember: boolean;
}

/**
 * 志愿者报名, without a login: phone first, then who and where, the team to join, skills and free
 * time. The form carries one id the page made, so sending it again on a bad signal registers once.
 */
export default function JoinPage() {
  const { t } = useTranslation();
  const options = useJoinOptions();
  const signUp = useSignUp();
  const [form] = Form.useForm<Values>();
  const [clientId, setClientId] = useState(newSubmissionId);
  const [done, setDone] = useState<{ name: string; team: string } | null>(null);
  const townId = Form.useWatch('townId', form);
  const towns = options.data?.towns ?? [];
  const town = towns.find((x) => x.id === townId);
  // The teams of the chosen town first, then the district-wide and the rest.
  const teams = [...(options.data?.teams ?? [])].sort((a, b) => Number(b.region === town?.name) - Number(a.region === town?.name));

  const submit = async (v: Values) => {
    try {
      const receipt = await signUp.mutateAsync({
        clientId,
        phone: v.phone.trim(),
        name: v.name.trim(),
        birthDate: v.birthDate,
        homeCommunityId: v.homeCommunityId!,
        teamId: v.teamId!,
        skills: v.skills ?? [],
        availability: (v.availability ?? []).map((a) => t(`teams.join.availability.${a}`)),
        trained: !!v.trained,
        partyMember: !!v.partyMember,
      });
      setDone({ name: v.name.trim(), team: receipt.teamName });
    } catch {
      // Shown below the form, in the server's words.
    }
  };

  const again = () => {
    form.resetFields();
    signUp.reset();
    setClientId(newSubmissionId());
    setDone(null);
  };

  return (
    <PublicPage title={t('teams.join.title')} testId="join-page">
      {done ? (
        <Card>
          <Result
            status="success"
            title={t('teams.join.doneTitle')}
            subTitle={<span data-testid="join-done">{t('teams.join.done', { name: done.name, team: done.team })}</span>}
            extra={<Button onClick={again} data-testid="join-again">{t('teams.join.again')}</Button>}
          />
        </Card>
      ) : (
        <>
          <Typography.Paragraph type="secondary" className="no-margin">{t('teams.join.intro')}</Typography.Paragraph>
          {options.isError && <ErrorAlert error={options.error} onRetry={() => void options.refetch()} />}
          {!options.data && !options.isError && <Card><Skeleton active /></Card>}
          {options.data && (
            <Card>
              <Form<Values> form={form} layout="vertical" initialValues={{ skills: [], availability: [], trained: false, partyMember: false }} onFinish={(v) => void submit(v)}>
                <Form.Item name="phone" label={t('teams.join.phone')} rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: t('teams.join.phoneInvalid') }]}>
                  <Input data-testid="join-phone" inputMode="tel" autoComplete="tel" maxLength={11} size="large" />
                </Form.Item>
                <Form.Item name="name" label={t('teams.join.name')} rules={[{ required: true, whitespace: true, message: t('teams.join.required') }]}>
                  <Input data-testid="join-name" autoComplete="name" maxLength={50} size="large" />
                </Form.Item>
                <Form.Item name="birthDate" label={t('teams.join.birthDate')} extra={t('teams.join.ageRule')} rules={[{ required: true, message: t('teams.join.required') }]}>
                  <Input data-testid="join-birth" type="date" size="large" />
                </Form.Item>
                <Form.Item name="townId" label={t('teams.join.town')} rules={[{ required: true, message: t('teams.join.required') }]}>
                  <Select
                    data-testid="join-town"
                    size="large"
                    showSearch={{ optionFilterProp: 'label' }}
                    onChange={() => form.setFieldValue('homeCommunityId', undefined)}
                    options={towns.map((x) => ({ value: x.id, label: x.name }))}
                  />
                </Form.Item>
                <Form.Item name="homeCommunityId" label={t('teams.join.community')} rules={[{ required: true, message: t('teams.join.required') }]}>
                  <Select
                    data-testid="join-community"
                    size="large"
                    disabled={!town}
                    showSearch={{ optionFilterProp: 'label' }}
                    options={(town?.communities ?? []).map((c) => ({ value: c.id, label: c.name }))}
                  />
                </Form.Item>
                <Form.Item name="teamId" label={t('teams.join.team')} rules={[{ required: true, message: t('teams.join.required') }]}>
                  <Select data-testid="join-team" size="large" showSearch={{ optionFilterProp: 'label' }} options={teams.map((x) => ({ value: x.id, label: x.name }))} />
                </Form.Item>
                <Form.Item name="skills" label={t('teams.join.skills')}>
                  <Checkbox.Group data-testid="join-skills" options={SKILLS.map((k) => ({ value: k, label: t(`teams.skills.${k}`) }))} />
                </Form.Item>
                <Form.Item name="availability" label={t('teams.join.availabilityLabel')}>
                  <Checkbox.Group data-testid="join-availability" options={AVAILABILITY.map((a) => ({ value: a, label: t(`teams.join.availability.${a}`) }))} />
                </Form.Item>
                <Form.Item name="trained" valuePropName="checked" extra={t('teams.join.trainedHelp')}>
                  <Checkbox data-testid="join-trained">{t('teams.join.trained')}</Checkbox>
                </Form.Item>
                <Form.Item name="partyMember" valuePropName="checked">
                  <Checkbox data-testid="join-party">{t('teams.join.partyMember')}</Checkbox>
                </Form.Item>
                {signUp.isError && <ErrorAlert error={signUp.error} testId="join-error" />}
                <Button type="primary" htmlType="submit" size="large" block loading={signUp.isPending} data-testid="join-submit">{t('teams.join.submit')}</Button>
              </Form>
            </Card>
          )}
        </>
      )}
      <footer className="public-footer">
        <Link to="/login" data-testid="staff-login">{t('points.public.staffLogin')}</Link>
      </footer>
    </PublicPage>
  );
}
