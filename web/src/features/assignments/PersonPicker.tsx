import { useState } from 'react';
import { Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TPerson } from '../../../../contracts/people.ts';
import { useDebounced } from '../../app/useDebounced.ts';
import { usePeople, type TPersonKind } from '../people/api.ts';

interface Props {
  kind: TPersonKind | undefined;
  /** Offer party members only: the server filters, so a page of 50 holds no one who cannot be chosen for that reason. */
  partyMember?: boolean;
  /** Look district-wide, not only among people living in the caller's scope (staffing a post). */
  anywhere?: boolean;
  value?: number;
  onChange?: (personId: number | undefined, person: TPerson | undefined) => void;
  /** Why a person cannot be chosen (not a party member, already in post), or undefined when they can. */
  refusal?: (p: TPerson) => string | undefined;
  testId?: string;
}

/** A searchable list of people of one kind (party members only, when asked), fed by the people endpoint as the user types a name. */
export function PersonPicker({ kind, partyMember, anywhere, value, onChange, refusal, testId = 'person-picker' }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const term = useDebounced(text.trim());
  const people = usePeople({ kind, name: term || undefined, partyMember, anywhere, page: 1, pageSize: 50 });
  const items = people.data?.items ?? [];

  return (
    <Select<number, { value: number; label: string; person: TPerson; disabled: boolean }>
      data-testid={testId}
      className="full-width"
      value={value}
      placeholder={t('assignments.personPlaceholder')}
      allowClear
      // At most 50 rich options: all in the page, so a long list scrolls like any other.
      virtual={false}
      showSearch={{ filterOption: false, onSearch: setText }}
      loading={people.isFetching}
      notFoundContent={people.isSuccess ? t('people.empty') : undefined}
      onChange={(id) => onChange?.(id, items.find((p) => p.id === id))}
      options={items.map((p) => ({ value: p.id, label: p.name, person: p, disabled: refusal?.(p) !== undefined }))}
      optionRender={({ data: { person: p } }) => {
        const refused = refusal?.(p);
        return (
          <div className="person-option" data-testid={`person-option-${p.id}`}>
            <span className="person-option-head">
              <span className="person-option-name">{p.name}</span>
              {p.partyMember && <Tag color="red" variant="outlined">{t('assignments.partyMember')}</Tag>}
              {refused && <Tag>{refused}</Tag>}
            </span>
            <span className="person-option-meta">
              {[t(`people.kinds.${p.kind}`), p.title, p.homeCommunity?.name].filter(Boolean).join(' · ')}
            </span>
          </div>
        );
      }}
    />
  );
}
