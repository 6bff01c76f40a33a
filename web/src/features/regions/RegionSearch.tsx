import { useState } from 'react';
import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useDebounced } from '../../app/useDebounced.ts';
import { useRegionSearch } from './api.ts';

interface Props {
  /** What picking a region does; by default the browser goes to its page. */
  onSelect?: (regionId: number) => void;
  testId?: string;
  className?: string;
}

/** Jump to a town, community or grid by part of its name; options show where each one lies. */
export function RegionSearch({ onSelect, testId = 'region-search', className = 'region-search' }: Props = {}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const term = useDebounced(text);
  const search = useRegionSearch(term);
  const options = (term.trim() ? search.data?.items ?? [] : []).map((r) => ({
    value: String(r.id),
    label: (
      <div className="region-option" data-testid={`region-option-${r.id}`}>
        <span className="region-option-name">{r.name}</span>
        <span className="region-option-path">
          {t(`levels.${r.level}`)} · {r.breadcrumb.slice(0, -1).map((c) => c.name).join(' / ')}
        </span>
      </div>
    ),
  }));

  return (
    <AutoComplete
      className={className}
      value={text}
      options={options}
      onChange={setText}
      showSearch={{ filterOption: false }}
      onSelect={(id: string) => {
        setText('');
        if (onSelect) onSelect(Number(id));
        else navigate(`/regions/${id}`);
      }}
      notFoundContent={term.trim() && search.isSuccess ? t('regions.searchEmpty') : undefined}
    >
      <Input data-testid={testId} allowClear prefix={<SearchOutlined />} placeholder={t('regions.searchPlaceholder')} />
    </AutoComplete>
  );
}
