import type { ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNBase from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { queryClient } from './queryClient.ts';

/**
 * Date pickers take weekday and month names from dayjs's locale, which is not loaded (no extra
 * dependency); antd's own locale may carry them instead, so the Chinese calendar reads in Chinese.
 */
type AntdLocale = typeof zhCNBase;
// The build hands antd's CommonJS locale over wrapped as `{ default }`; antd unwraps it, so a copy must too.
const unwrap = (l: AntdLocale): AntdLocale => (l as AntdLocale & { default?: AntdLocale }).default ?? l;
const zhCNPlain = unwrap(zhCNBase);
const zhCN: AntdLocale = {
  ...zhCNPlain,
  DatePicker: zhCNPlain.DatePicker && {
    ...zhCNPlain.DatePicker,
    lang: {
      ...zhCNPlain.DatePicker.lang,
      shortWeekDays: ['日', '一', '二', '三', '四', '五', '六'],
      shortMonths: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'],
    },
  },
};

function LocalisedAntd({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1661ab', borderRadius: 6 } }} button={{ autoInsertSpace: false }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function Providers({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <LocalisedAntd>{children}</LocalisedAntd>
    </QueryClientProvider>
  );
}
