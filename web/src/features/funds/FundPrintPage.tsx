import { PrinterOutlined } from '@ant-design/icons';
import { Button, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useFundReport, yuan } from './api.ts';

const CATEGORIES = ['frontline_comfort', 'medicines_supplies', 'hardship_relief'] as const;

/**
 * The fund's report on paper for a district official to sign (专项党费使用情况报表): allocated, spent by
 * use, remaining per unit, totals, and the signature lines. Printed without the app's navigation.
 */
export default function FundPrintPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const report = useFundReport(id, Number.isInteger(id));
  if (report.isLoading) return <Spin />;
  if (report.isError) return <ErrorAlert error={report.error} />;
  const r = report.data!;
  const unitsEntries = r.units.reduce((n, u) => n + u.expenditures, 0);
  return (
    <div className="fund-print" data-testid="fund-print">
      <div className="no-print fund-print-actions">
        <Link to="/funds">{t('funds.print.back')}</Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="fund-print-button">{t('funds.print.print')}</Button>
      </div>
      <h2 className="fund-print-title" data-testid="fund-print-title">{t('funds.print.title', { fund: r.fund.name })}</h2>
      <p className="fund-print-sub">
        {t('funds.print.allocatedBy', { unit: r.fund.allocatedByUnit, date: new Date(r.fund.allocatedAt).toLocaleDateString('zh-CN') })}
        <span className="fund-print-unit">{t('funds.print.unitYuan')}</span>
      </p>

      <div className="fund-print-scroll">
        <table className="fund-print-table" data-testid="fund-print-summary">
          <tbody>
            <tr><th>{t('funds.available')}</th><td>{yuan(r.availableFen)}</td><th>{t('funds.print.donated')}</th><td>{yuan(r.fund.donatedFen)}</td></tr>
            <tr><th>{t('funds.allocated')}</th><td data-testid="fund-print-allocated">{yuan(r.allocatedFen)}</td><th>{t('funds.print.unallocated')}</th><td>{yuan(r.unallocatedFen)}</td></tr>
            <tr><th>{t('funds.spent')}</th><td data-testid="fund-print-spent">{yuan(r.spentFen)}</td><th>{t('funds.remaining')}</th><td>{yuan(r.remainingFen)}</td></tr>
          </tbody>
        </table>
      </div>

      <h3 className="fund-print-h3">{t('funds.print.byUnit')}</h3>
      <div className="fund-print-scroll">
        <table className="fund-print-table fund-print-units" data-testid="fund-print-units">
          <thead>
            <tr>
              <th>{t('funds.unit')}</th>
              <th>{t('funds.allocated')}</th>
              {CATEGORIES.map((c) => <th key={c}>{t(`funds.categories.${c}`)}</th>)}
              <th>{t('funds.spent')}</th>
              <th>{t('funds.remaining')}</th>
              <th>{t('funds.print.entries')}</th>
            </tr>
          </thead>
          <tbody>
            {r.units.map((u) => (
              <tr key={u.id} data-testid="fund-print-unit">
                <td>{u.unitName}</td>
                <td>{yuan(u.amountFen)}</td>
                {CATEGORIES.map((c) => <td key={c}>{yuan(u.spentByCategory[c])}</td>)}
                <td>{yuan(u.spentFen)}</td>
                <td>{yuan(u.remainingFen)}</td>
                <td>{u.expenditures}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid="fund-print-total">
              <th>{t('funds.print.total')}</th>
              <th>{yuan(r.allocatedFen)}</th>
              {CATEGORIES.map((c) => <th key={c} data-testid={`fund-print-cat-${c}`}>{yuan(r.spentByCategory[c])}</th>)}
              <th>{yuan(r.spentFen)}</th>
              <th>{yuan(r.allocatedFen - r.spentFen)}</th>
              <th>{unitsEntries}</th>
            </tr>
          </tfoot>
        </table>
      </div>

      <div className="fund-print-signatures" data-testid="fund-print-signatures">
        {(['handler', 'reviewer', 'head', 'date'] as const).map((k) => (
          <div className="fund-print-signature" key={k}>
            <span>{t(`funds.print.sign.${k}`)}</span>
            <span className="fund-print-line" />
          </div>
        ))}
      </div>
    </div>
  );
}
