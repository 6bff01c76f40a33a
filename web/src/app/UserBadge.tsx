import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TMe } from '../../../contracts/auth.ts';

/** Who is signed in, as what, over which area. */
export function UserBadge({ me, vertical = false }: { me: TMe; vertical?: boolean }) {
  const { t } = useTranslation();
  return (
    <Space size={4} orientation={vertical ? 'vertical' : 'horizontal'} data-testid="current-user" className="user-badge">
      <Typography.Text strong className="user-badge-name">{me.displayName}</Typography.Text>
      <Space size={4} wrap>
        <Tag color="blue">{t(`roles.${me.role}`)}</Tag>
        <Typography.Text type="secondary" title={t('header.scope')}>{me.scope.name}</Typography.Text>
      </Space>
    </Space>
  );
}
