import { useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../../app/useDebounced.ts';
import { useRegion, useRegionSearch } from './api.ts';

interface RegionOption {
  value: number;
  label: string;
  /** Level and where it lies, e.g. "村（社区） · 站前街道". */
  where: string;
}

interface Props {
  value?: number;
  /** With the region's name and where it lies, for a caller that lists what was picked. */
  onChange?: (regionId: number | undefined, region?: { name: string; where: string }) => void;
  placeholder?: string;
  testId?: string;
}

/**
 * Chooses a region in the user's scope: the towns below the top of the scope to start with,
 * any town, community or grid by part of its name as the user types.
 */
export function RegionPicker({ value, onChange, placeholder, testId = 'region-picker' }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const term = useDebounced(text.trim());
  const root = useRegion(undefined);
  const search = useRegionSearch(term);
  // The chosen region stays labelled when the options change under it (a new search, the search cleared).
  const [chosen, setChosen] = useState<RegionOption | undefined>();

  const top = root.data;
  const start: RegionOption[] = top
    ? [top.region, ...top.children].map((r) => ({ value: r.id, label: r.name, where: t(`levels.${r.level}`) }))
    : [];
  const found: RegionOption[] = (search.data?.items ?? []).map((r) => ({
    value: r.id,
    label: r.name,
    where: [t(`levels.${r.level}`), r.breadcrumb.slice(0, -1).map((c) => c.name).join(' / ')].filter(Boolean).join(' · '),
  }));
  const options = term ? found : start;
  if (chosen && chosen.value === value && !options.some((o) => o.value === chosen.value)) options.unshift(chosen);

  return (
    <Select<number, RegionOption>
      data-testid={testId}
      className="full-width"
      value={value}
      placeholder={placeholder ?? t('regions.searchPlaceholder')}
      allowClear
      virtual={false}
      showSearch={{ filterOption: false, onSearch: setText }}
      loading={root.isFetching || search.isFetching}
      notFoundContent={term && search.isSuccess ? t('regions.searchEmpty') : undefined}
      onChange={(id, option) => {
        const picked = Array.isArray(option) ? undefined : option;
        setChosen(picked);
        setText('');
        onChange?.(id, picked && { name: picked.label, where: picked.where });
      }}
      options={options}
      optionRender={({ data: r }) => (
        <div className="region-option" data-testid={`region-option-${r.value}`}>
          <span className="region-option-name">{r.label}</span>
          <span className="region-option-path">{r.where}</span>
        </div>
      )}
    />
  );
}
