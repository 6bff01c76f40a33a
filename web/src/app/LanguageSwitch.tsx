import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../contracts/common.ts';
import { currentLocale, setLocale } from './i18n.ts';
import { queryClient } from './queryClient.ts';

const OPTIONS: { value: Locale; label: string }[] = [
  // Each language is named in itself, so a user who cannot read the current one still finds theirs.
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];

async function switchTo(locale: Locale) {
  await setLocale(locale);
  // Errors already shown came in the old language: ask again.
  await queryClient.resetQueries({ predicate: (q) => q.state.status === 'error' });
}

export function LanguageSwitch({ size = 'middle' }: { size?: 'small' | 'middle' }) {
  const { t } = useTranslation();
  return (
    <Segmented<Locale>
      data-testid="lang-switch"
      aria-label={t('header.language')}
      size={size}
      value={currentLocale()}
      options={OPTIONS}
      onChange={(v) => void switchTo(v)}
    />
  );
}
