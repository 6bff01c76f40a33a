import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TMaskedResident } from '../../../../contracts/residents.ts';
import { useCurrentUser } from '../auth/api.ts';
import { useRevealed } from './api.ts';
import { RevealAction } from './RevealAction.tsx';
import { SpecialGroupTags } from './SpecialGroupTags.tsx';

function IdNumberCell({ resident }: { resident: TMaskedResident }) {
  const revealed = useRevealed(resident.id);
  return <span className={`mono${revealed ? ' revealed' : ''}`} data-testid="resident-id">{revealed?.idNumber ?? resident.idNumber}</span>;
}

function PhoneCell({ resident }: { resident: TMaskedResident }) {
  const revealed = useRevealed(resident.id);
  const phone = revealed ? revealed.phone : resident.phone;
  return <span className={`mono${revealed ? ' revealed' : ''}`}>{phone ?? ''}</span>;
}

/** Where a resident lives, linking to the building. */
function AddressCell({ resident }: { resident: TMaskedResident }) {
  return (
    <span>
      {resident.townName} {resident.communityName}{' '}
      <Link to={`/regions/${resident.gridId}`}>{resident.gridName}</Link>
      {' / '}
      <Link to={`/buildings/${resident.buildingId}`}>{resident.buildingName}</Link>
      {' / '}
      {resident.door}
    </span>
  );
}

/** The resident columns the search and building pages share. Full data only through the audited reveal. */
export function useResidentColumns({ withAddress }: { withAddress: boolean }): TableColumnsType<TMaskedResident> {
  const { t } = useTranslation();
  const me = useCurrentUser();
  return [
    { key: 'name', title: t('residents.name'), dataIndex: 'name', fixed: 'start' },
    { key: 'idNumber', title: t('residents.idNumber'), render: (_, r) => <IdNumberCell resident={r} /> },
    { key: 'gender', title: t('residents.gender'), render: (_, r) => t(`gender.${r.gender}`) },
    { key: 'age', title: t('residents.age'), dataIndex: 'age', align: 'end' },
    { key: 'phone', title: t('residents.phone'), render: (_, r) => <PhoneCell resident={r} /> },
    ...(withAddress ? [{ key: 'address', title: t('residents.address'), render: (_: unknown, r: TMaskedResident) => <AddressCell resident={r} /> }] : []),
    { key: 'specialGroups', title: t('residents.specialGroups'), render: (_, r) => <SpecialGroupTags groups={r.specialGroups} /> },
    ...(me.mayRevealPii ? [{ key: 'actions', title: t('residents.actions'), render: (_: unknown, r: TMaskedResident) => <RevealAction residentId={r.id} /> }] : []),
  ];
}
