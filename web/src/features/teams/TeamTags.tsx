import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TSquad, TTeamSummary } from './api.ts';

/** A squad with members of needed: red when short. */
export function SquadTag({ squad }: { squad: TSquad }) {
  const short = squad.members < squad.needed;
  return (
    <Tag color={short ? 'red' : 'green'} data-testid={`squad-${squad.id}`} data-short={short ? 'true' : 'false'}>
      {squad.name} {squad.members}/{squad.needed}
    </Tag>
  );
}

/** 队长, or a red tag when the team has none. */
export function CaptainTag({ team }: { team: Pick<TTeamSummary, 'captain'> }) {
  const { t } = useTranslation();
  if (!team.captain) return <Tag color="red" data-testid="no-captain">{t('teams.noCaptain')}</Tag>;
  return <Tag data-testid="captain">{t('teams.captainIs', { name: team.captain.name })}</Tag>;
}

/** Hours to one decimal place. */
export const formatHours = (h: number) => (Math.round(h * 10) / 10).toString();
