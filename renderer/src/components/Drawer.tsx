import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface DrawerProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
}

/**
 * A panel that opens below the status bar. Note: in WhatsApp mode the Electron shell lays the
 * WhatsApp view over everything below the bar, so the shell must uncover that area for the
 * drawer to be seen there (not in the IPC contract yet).
 */
export function Drawer({ title, onClose, children }: DrawerProps) {
  const { t } = useTranslation();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <div className="drawer" role="dialog" aria-label={title}>
      <div className="drawer__header">
        <h2>{title}</h2>
        <button type="button" className="bar-button" onClick={onClose}>
          {t('incidents.close')}
        </button>
      </div>
      <div className="drawer__body">{children}</div>
    </div>
  );
}
