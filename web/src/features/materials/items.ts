import { useTranslation } from 'react-i18next';
import type { TItem } from './api.ts';

/** An item's name in the user's language, with or without its unit. */
export function useItemName(items: TItem[] | undefined) {
  const { i18n } = useTranslation();
  const byId = new Map((items ?? []).map((i) => [i.id, i]));
  const name = (id: number | null) => {
    const item = id === null ? undefined : byId.get(id);
    if (!item) return '';
    return i18n.language === 'en' && item.nameEn ? item.nameEn : item.name;
  };
  const unit = (id: number | null) => (id === null ? '' : (byId.get(id)?.unit ?? ''));
  return Object.assign((id: number | null) => (name(id) ? `${name(id)} (${unit(id)})` : ''), { bare: name, unit });
}

/** The catalogue as Select options, unit included. */
export function useItemOptions(items: TItem[] | undefined) {
  const itemName = useItemName(items);
  return (items ?? []).map((i) => ({ value: i.id, label: itemName(i.id) }));
}
