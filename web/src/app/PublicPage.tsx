import type { ReactNode } from 'react';
import { Typography } from 'antd';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/** The frame of a page reached without a login (a QR code, a link): the brand, its title, the language switch. */
export function PublicPage({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <div className="public-page" data-testid={testId}>
      <header className="public-header">
        <div className="public-brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <Typography.Title level={4} className="no-margin" data-testid="page-title">{title}</Typography.Title>
        </div>
        <LanguageSwitch size="small" />
      </header>
      <main className="public-main">{children}</main>
    </div>
  );
}
