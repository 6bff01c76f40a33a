import { useState } from 'react';
import { Alert, App, Button, Form, Modal, Radio, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useSetZoneLevel, type TZone, type TZoneLevel } from './api.ts';
import { useRiskNames } from './levels.ts';

interface Props {
  /** The area as the page shows it now: its level is the one the user decides from. */
  zone: TZone;
  /** The response's risk scheme, to name its levels. */
  scheme: string;
  levels: TZoneLevel[];
  onDone: () => void;
}

function ZoneLevelForm({ zone, scheme, levels, onDone }: Props) {
  const { t } = useTranslation();
  const { levelName, levelColour } = useRiskNames(scheme);
  const { message } = App.useApp();
  const setLevel = useSetZoneLevel();
  const [picked, setPicked] = useState<TZoneLevel>();
  // After a refusal the page reloads the area; a choice that is now its level is no choice.
  const level = picked !== zone.level ? picked : undefined;

  const submit = async () => {
    if (!level) return;
    const done = await setLevel.mutateAsync({ zoneId: zone.id, level, expectedLevel: zone.level }).catch(() => undefined);
    if (!done) return;
    void message.success(t('zones.level.done', { name: zone.name, level: levelName(level) }));
    onDone();
  };

  return (
    <Form layout="vertical" requiredMark={false} data-testid="zone-level-form" onFinish={submit}>
      <Form.Item label={t('zones.level.current')}>
        <Tag color={levelColour(zone.level)} data-testid="zone-level-current">{levelName(zone.level)}</Tag>
      </Form.Item>
      <Form.Item label={t('zones.level.to')}>
        <Radio.Group
          data-testid="zone-level-to"
          optionType="button"
          value={level}
          onChange={(e) => setPicked(e.target.value as TZoneLevel)}
          options={levels.filter((l) => l !== zone.level).map((l) => ({ value: l, label: levelName(l) }))}
        />
      </Form.Item>
      <Alert type="info" showIcon className="form-note" title={t('zones.level.note')} />
      {setLevel.isError && <ErrorAlert error={setLevel.error} testId="zone-level-error" />}
      <div className="dialog-actions">
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" disabled={!level} loading={setLevel.isPending} data-testid="zone-level-submit">{t('zones.level.submit')}</Button>
      </div>
    </Form>
  );
}

/** 调整风险等级: refused (and the area reloaded) when someone changed the level since the page showed it. */
export function ZoneLevelDialog({ zone, scheme, levels, onClose }: { zone: TZone | undefined; scheme: string; levels: TZoneLevel[]; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={zone !== undefined} title={zone ? t('zones.level.title', { name: zone.name }) : undefined} onCancel={onClose} footer={null} destroyOnHidden>
      {zone && (
        <div data-testid="zone-level-dialog">
          <ZoneLevelForm key={zone.id} zone={zone} scheme={scheme} levels={levels} onDone={onClose} />
        </div>
      )}
    </Modal>
  );
}
