import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SPECIAL_GROUPS } from '../../../../contracts/residents.ts';

type SpecialGroup = (typeof SPECIAL_GROUPS)[number];

const COLOURS: Record<SpecialGroup, string> = {
  elderly_alone: 'orange',
  bedridden: 'red',
  disabled: 'purple',
  pregnant: 'magenta',
  chronic_ill: 'gold',
};

const isKnown = (g: string): g is SpecialGroup => Object.hasOwn(COLOURS, g);

/** Residents who need care at the door (bedridden, disabled, elderly living alone…), each in its own colour. */
export function SpecialGroupTags({ groups }: { groups: string[] }) {
  const { t } = useTranslation();
  if (groups.length === 0) return null;
  return (
    <span className="tags" data-testid="special-groups">
      {groups.map((g) => (isKnown(g) ? <Tag key={g} color={COLOURS[g]}>{t(`specialGroups.${g}`)}</Tag> : <Tag key={g}>{g}</Tag>))}
    </span>
  );
}
