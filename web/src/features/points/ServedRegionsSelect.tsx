import { useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../../app/useDebounced.ts';
import { useRegion, useRegionSearch } from '../regions/api.ts';

interface Option {
  value: number;
  label: string;
  /** Level and where it lies. */
  where: string;
}

interface Props {
  /** The community the point stands in: it and its grids are offered first. */
  communityId?: number;
  value?: number[];
  onChange?: (ids: number[]) => void;
}

/** The communities and grids a point serves: its own community's grids to start with, any other by name. */
export function ServedRegionsSelect({ communityId, value = [], onChange }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const term = useDebounced(text.trim());
  const home = useRegion(communityId);
  const search = useRegionSearch(term);
  // Chosen regions stay labelled when the options change under them.
  const [chosen, setChosen] = useState<Map<number, Option>>(new Map());

  const community = communityId !== undefined && home.data?.region.level === 'community' ? home.data : undefined;
  const start: Option[] = community
    ? [
        { value: community.region.id, label: t('points.create.wholeCommunity', { name: community.region.name }), where: t('levels.community') },
        ...community.children.map((g) => ({ value: g.id, label: g.name, where: t('levels.grid') })),
      ]
    : [];
  const found: Option[] = (search.data?.items ?? [])
    .filter((r) => r.level === 'community' || r.level === 'grid')
    .map((r) => ({ value: r.id, label: r.name, where: [t(`levels.${r.level}`), r.breadcrumb.slice(0, -1).map((c) => c.name).join(' / ')].filter(Boolean).join(' · ') }));
  const options = term ? found : start;
  for (const id of value) {
    const kept = chosen.get(id);
    if (kept && !options.some((o) => o.value === id)) options.push(kept);
  }

  return (
    <Select<number[], Option>
      data-testid="point-served"
      className="full-width"
      mode="multiple"
      value={value}
      placeholder={t('points.create.servedPlaceholder')}
      virtual={false}
      showSearch={{ filterOption: false, onSearch: setText }}
      loading={home.isFetching || search.isFetching}
      notFoundContent={term && search.isSuccess ? t('regions.searchEmpty') : undefined}
      onChange={(ids, picked) => {
        const next = new Map(chosen);
        for (const o of Array.isArray(picked) ? picked : []) if (o) next.set(o.value, o);
        setChosen(next);
        setText('');
        onChange?.(ids);
      }}
      options={options}
      optionRender={({ data: r }) => (
        <div className="region-option" data-testid={`served-option-${r.value}`}>
          <span className="region-option-name">{r.label}</span>
          <span className="region-option-path">{r.where}</span>
        </div>
      )}
    />
  );
}
