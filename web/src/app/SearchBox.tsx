import { SearchOutlined } from '@ant-design/icons';
import { Button, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';

interface Props {
  value: string;
  onChange: (value: string) => void;
  onSearch: (value: string) => void;
  placeholder: string;
  testId: string;
  maxLength?: number;
  loading?: boolean;
  size?: 'middle' | 'large';
  className?: string;
}

/** A text box with a search button; Enter searches too. The test id sits on the input itself. */
export function SearchBox({ value, onChange, onSearch, placeholder, testId, maxLength, loading, size = 'middle', className }: Props) {
  const { t } = useTranslation();
  return (
    <Space.Compact className={`search-box ${className ?? ''}`} size={size}>
      <Input
        data-testid={testId}
        value={value}
        allowClear
        maxLength={maxLength}
        placeholder={placeholder}
        onChange={(e) => {
          onChange(e.target.value);
          // Clearing the box clears the search.
          if (e.type === 'click' && !e.target.value) onSearch('');
        }}
        onPressEnter={() => onSearch(value)}
        enterKeyHint="search"
      />
      <Button type="primary" icon={<SearchOutlined />} loading={loading} onClick={() => onSearch(value)} aria-label={t('common.search')}>
        {t('common.search')}
      </Button>
    </Space.Compact>
  );
}
