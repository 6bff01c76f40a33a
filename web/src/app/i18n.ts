import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../../contracts/common.ts';
import { en } from './locales/en.ts';
import { zhCN, type Messages } from './locales/zh-CN.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

const STORAGE_KEY = 'gridline.locale';

function storedLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

function reflectInDocument(locale: Locale) {
  document.documentElement.lang = locale;
  document.title = i18n.t('app.name');
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLocale(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});
reflectInDocument(currentLocale());

i18n.on('languageChanged', () => reflectInDocument(currentLocale()));

/** The language the user chose; also what the server is asked to answer in. */
export function currentLocale(): Locale {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export async function setLocale(locale: Locale): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode may refuse storage; the choice then lasts for this page only.
  }
  await i18n.changeLanguage(locale);
}

export default i18n;
