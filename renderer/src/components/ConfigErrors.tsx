import { useTranslation } from 'react-i18next';

interface ConfigErrorsChipProps {
  messages: readonly string[];
  expanded: boolean;
  onToggle: () => void;
}

/** The status bar's warning: every message is in it (cut to fit), the full list one click away. */
export function ConfigErrorsChip({ messages, expanded, onToggle }: ConfigErrorsChipProps) {
  const { t } = useTranslation();
  const heading = messages.length === 1 ? t('configErrors.title') : t('configErrors.titleMany', { count: messages.length });
  return (
    <button
      type="button"
      className="config-chip"
      data-testid="config-errors"
      aria-expanded={expanded}
      aria-label={`${t('configErrors.show')}: ${heading}`}
      title={`${heading}\n${messages.join('\n')}`}
      onClick={onToggle}
    >
      <span className="config-chip__icon" aria-hidden="true">
        !
      </span>
      <span className="config-chip__text">
        <span className="bar-primary">{heading}</span>
        <span className="bar-secondary config-chip__messages">
          {messages.map((message, i) => (
            <span key={i} className="config-chip__message">
              {message}
            </span>
          ))}
        </span>
      </span>
    </button>
  );
}

/** The full list, in the drawer below the bar. */
export function ConfigErrorsDetails({ messages }: { messages: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <section className="config-details" data-testid="config-errors-details">
      <p>{t('configErrors.help')}</p>
      <ul>
        {messages.map((message, i) => (
          <li key={i}>{message}</li>
        ))}
      </ul>
    </section>
  );
}
