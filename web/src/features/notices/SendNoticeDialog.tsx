import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TRole } from '../../../../contracts/auth.ts';
import type { TSendNoticeRequest } from '../../../../contracts/notices.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { RegionPicker } from '../regions/RegionPicker.tsx';
import { useResponses } from '../responses/api.ts';
import { useSendNotice, type TNoticeScope, type TNoticeScopeKind } from './api.ts';
import { isWebUrl, ROLE_LIST, SCOPE_KINDS } from './labels.ts';

interface FormValues {
  title: string;
  body: string;
  links?: { title: string; url: string }[];
  scopeKind: TNoticeScopeKind;
  regionId?: number;
  responseId?: number;
  role?: TRole;
}

/** The scope the form describes; the fields it needs are required by the form, so they are present. */
function scopeOf(v: FormValues): TNoticeScope {
  if (v.scopeKind === 'region') return { kind: 'region', regionId: v.regionId! };
  if (v.scopeKind === 'response') return { kind: 'response', responseId: v.responseId! };
  if (v.scopeKind === 'role') return { kind: 'role', role: v.role! };
  if (v.scopeKind === 'orgs') return { kind: 'orgs' };
  return { kind: 'all' };
}

/** A full web address: the server takes any URL, but recipients should only be sent to web pages. */
const isLinkUrl = (url: string) => isWebUrl(url.trim()) && URL.canParse(url.trim());

function toRequest(v: FormValues): TSendNoticeRequest {
  return {
    title: v.title.trim(),
    body: v.body.trim(),
    links: (v.links ?? []).map((l) => ({ title: l.title.trim(), url: l.url.trim() })),
    scope: scopeOf(v),
  };
}

function ScopeTarget({ kind }: { kind: TNoticeScopeKind }) {
  const { t } = useTranslation();
  const responses = useResponses();
  if (kind === 'region')
    return (
      <Form.Item name="regionId" label={t('notices.form.region')} rules={[{ required: true, message: t('notices.form.regionRequired') }]}>
        <RegionPicker testId="send-region" placeholder={t('notices.form.regionPlaceholder')} />
      </Form.Item>
    );
  if (kind === 'response')
    return (
      <Form.Item name="responseId" label={t('notices.form.response')} rules={[{ required: true, message: t('notices.form.responseRequired') }]}>
        <Select<number>
          data-testid="send-response"
          className="full-width"
          loading={responses.isPending}
          placeholder={t('notices.form.responsePlaceholder')}
          // A closed response's posts have ended: it is shown but cannot be chosen (the server refuses it too).
          options={(responses.data?.items ?? []).map((r) => ({
            value: r.id,
            label: `${r.code} ${r.name}${r.status === 'closed' ? ` (${t('responses.statuses.closed')})` : ''}`,
            disabled: r.status === 'closed',
          }))}
        />
      </Form.Item>
    );
  if (kind === 'role')
    return (
      <Form.Item name="role" label={t('notices.form.role')} rules={[{ required: true, message: t('notices.form.roleRequired') }]}>
        <Select<TRole> data-testid="send-role" className="full-width" placeholder={t('notices.form.rolePlaceholder')} options={ROLE_LIST.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
      </Form.Item>
    );
  return null;
}

function SendForm({ onSent, onCancel }: { onSent: (id: number) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const send = useSendNotice();
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('scopeKind', form) ?? 'all';

  const onFinish = async (v: FormValues) => {
    const sent = await send.mutateAsync(toRequest(v)).catch(() => undefined);
    if (!sent) return;
    if (sent.recipients === 0) void message.warning(t('notices.sentToNobody'));
    else void message.success(t('notices.sentTo', { count: sent.recipients }));
    onSent(sent.id);
  };

  return (
    <Form<FormValues> form={form} name="send-notice" layout="vertical" requiredMark={false} initialValues={{ scopeKind: 'all', links: [] }} onFinish={onFinish} data-testid="send-form">
      <Typography.Paragraph type="secondary">{t('notices.form.intro')}</Typography.Paragraph>
      <Form.Item name="title" label={t('notices.form.title')} rules={[{ required: true, whitespace: true, message: t('notices.form.titleRequired') }]}>
        <Input data-testid="send-title" maxLength={200} placeholder={t('notices.form.titlePlaceholder')} />
      </Form.Item>
      <Form.Item name="body" label={t('notices.form.body')} rules={[{ required: true, whitespace: true, message: t('notices.form.bodyRequired') }]}>
        <Input.TextArea data-testid="send-body" maxLength={20_000} autoSize={{ minRows: 4, maxRows: 12 }} placeholder={t('notices.form.bodyPlaceholder')} />
      </Form.Item>
      <Form.List name="links">
        {(fields, { add, remove }) => (
          <div className="send-links" data-testid="send-links">
            <div className="send-links-head">
              <span>{t('notices.form.links')}</span>
              <Button size="small" icon={<PlusOutlined />} data-testid="send-add-link" disabled={fields.length >= 20} onClick={() => add({ title: '', url: '' })}>
                {t('notices.form.addLink')}
              </Button>
            </div>
            {fields.map((field, i) => (
              <div key={field.key} className="send-link" data-testid={`send-link-${i}`}>
                <Form.Item name={[field.name, 'title']} rules={[{ required: true, whitespace: true, message: t('notices.form.linkTitleRequired') }]} className="send-link-title">
                  <Input data-testid={`send-link-title-${i}`} maxLength={200} placeholder={t('notices.form.linkTitle')} />
                </Form.Item>
                <Form.Item name={[field.name, 'url']} rules={[{ validator: (_, url: string | undefined) => (isLinkUrl(url ?? '') ? Promise.resolve() : Promise.reject(new Error(t('notices.form.linkUrlInvalid')))) }]} className="send-link-url">
                  <Input data-testid={`send-link-url-${i}`} inputMode="url" placeholder="https://" />
                </Form.Item>
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('notices.form.removeLink')} data-testid={`send-link-remove-${i}`} onClick={() => remove(field.name)} />
              </div>
            ))}
          </div>
        )}
      </Form.List>
      <Form.Item name="scopeKind" label={t('notices.form.scope')} extra={t(`notices.scopeHelp.${kind}`)}>
        <Radio.Group data-testid="send-scope" optionType="button" options={SCOPE_KINDS.map((k) => ({ value: k, label: <span data-testid={`send-scope-${k}`}>{t(`notices.scopes.${k}`)}</span> }))} />
      </Form.Item>
      <ScopeTarget kind={kind} />
      {send.isError && <ErrorAlert error={send.error} testId="send-error" />}
      <div className="dialog-actions">
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="primary" loading={send.isPending} data-testid="send-submit" onClick={() => form.submit()}>{t('notices.form.submit')}</Button>
      </div>
    </Form>
  );
}

/** 发送通知: a notice to everyone, all party organisations, a region, a response's units or a role, with read receipts. */
export function SendNoticeDialog({ open, onClose, onSent }: { open: boolean; onClose: () => void; onSent: (id: number) => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} title={t('notices.send')} onCancel={onClose} footer={null} destroyOnHidden width={640}>
      <SendForm onSent={onSent} onCancel={onClose} />
    </Modal>
  );
}
