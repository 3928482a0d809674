import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../electron/core/contract';
import { Icon } from './Icon.tsx';

export interface Notice {
  id: number;
  error: ApiError;
  retry?: () => void;
}

/** Failed calls, each as errors.<code> (what happened and what to do), the raw message folded away. */
export function ErrorNotices({ notices, onDismiss }: { notices: Notice[]; onDismiss: (id: number) => void }) {
  const { t } = useTranslation();
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="alert">
      {notices.map((notice) => (
        <div key={notice.id} className="notice notice-error" data-error-code={notice.error.code}>
          <div className="notice-text">
            <p>{t(`errors.${notice.error.code}`)}</p>
            {notice.error.message ? (
              <details>
                <summary>{t('errors.details')}</summary>
                <bdi className="technical">{notice.error.message}</bdi>
              </details>
            ) : null}
          </div>
          <div className="notice-actions">
            {notice.retry ? (
              <button
                type="button"
                className="button"
                onClick={() => {
                  onDismiss(notice.id);
                  notice.retry?.();
                }}
              >
                <Icon name="retry" />
                {t('action.retry')}
              </button>
            ) : null}
            <button
              type="button"
              className="icon-button"
              onClick={() => onDismiss(notice.id)}
              aria-label={t('action.close')}
              title={t('action.close')}
            >
              <Icon name="close" />
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
