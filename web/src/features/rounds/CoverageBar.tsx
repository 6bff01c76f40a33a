import { Progress } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../app/format.ts';
import type { TCoverage } from './api.ts';
import { sharePercent } from './labels.ts';

/** How far a place is: the share tested of those who should be, with the figures beside the bar. */
export function CoverageBar({ coverage, testId, wide = false }: { coverage: TCoverage; testId?: string; wide?: boolean }) {
  const { t } = useTranslation();
  const percent = sharePercent(coverage.share);
  const done = coverage.shouldTest > 0 && coverage.untested === 0;
  return (
    <Progress
      data-testid={testId}
      data-tested={coverage.tested}
      data-should-test={coverage.shouldTest}
      className={wide ? 'coverage-bar coverage-bar-wide' : 'coverage-bar'}
      size="small"
      percent={percent}
      status={done ? 'success' : 'normal'}
      format={() => (
        <span className="coverage-bar-figures">
          <span className="mono">{formatCount(coverage.tested)}/{formatCount(coverage.shouldTest)}</span>
          <span className="muted"> · {percent}%</span>
        </span>
      )}
      aria-label={t('rounds.coverage.label', { tested: coverage.tested, shouldTest: coverage.shouldTest, percent })}
    />
  );
}
