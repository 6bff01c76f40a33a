import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api.ts';

/** Shows what went wrong in the server's words (already in the user's language). */
export function ErrorAlert({ error, onRetry, testId }: { error: unknown; onRetry?: () => void; testId?: string }) {
  const { t } = useTranslation();
  const message = error instanceof ApiError ? error.message : error instanceof Error ? error.message : t('errors.network');
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId ?? 'error-alert'}
      title={message}
      action={onRetry ? <Button size="small" onClick={onRetry}>{t('errors.retry')}</Button> : undefined}
    />
  );
}
