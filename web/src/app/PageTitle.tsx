import type { ReactNode } from 'react';
import { Typography } from 'antd';

/** The page's heading with optional controls beside it (they wrap below it on phones). */
export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <div className="page-title">
      <Typography.Title level={4} data-testid="page-title">{children}</Typography.Title>
      {extra && <div className="page-title-extra">{extra}</div>}
    </div>
  );
}
