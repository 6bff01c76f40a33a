import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { STATE_COLOURS, type TReceiptState } from './labels.ts';

/** 未读 / 已读未确认 / 已确认, in the colour of what is still to do. */
export function NoticeStateTag({ state }: { state: TReceiptState }) {
  const { t } = useTranslation();
  return <Tag color={STATE_COLOURS[state]} data-testid="notice-state">{t(`notices.states.${state}`)}</Tag>;
}
