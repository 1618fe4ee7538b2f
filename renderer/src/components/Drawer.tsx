import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { getKiosk } from '../kiosk.ts';

interface DrawerProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
}

/**
 * A panel that opens below the status bar. In WhatsApp mode the WhatsApp view covers everything
 * below the bar, so while the panel is open we ask the shell to show our page instead.
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
  useEffect(() => {
    // A panel left open over WhatsApp is only cosmetic: a failed request is not worth an error.
    const overlay = (open: boolean) => {
      getKiosk()
        ?.invoke('ui:overlay', { open })
        .catch(() => undefined);
    };
    overlay(true);
    return () => {
      overlay(false);
    };
  }, []);

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
