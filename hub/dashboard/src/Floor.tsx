import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SEAT_STATES } from '../../model.ts';
import { api, type Account, type SeatView } from './api.ts';
import { PlatformBanner } from './PlatformBanner.tsx';
import type { Live } from './useLive.ts';
import { clock, duration, useNow } from './useNow.ts';

/** One collator for every comparison: `localeCompare` builds one per call, too slow for 10,000 seats. */
const byId = new Intl.Collator().compare;

/** Every seat, its state and since when, filtered by team and site. */
export function Floor({ live, account }: { live: Live; account: Account }) {
  const { t } = useTranslation();
  // Cards say "since" to the minute: a floor of thousands is not re-rendered every second.
  const now = useNow(30_000);
  const [team, setTeam] = useState('');
  const [site, setSite] = useState('');
  // A busy floor changes many times a second: sorted once per batch of changes, filtered per choice.
  const seats = useMemo(() => [...live.seats.values()].filter((seat) => !seat.revoked).sort((a, b) => byId(a.id, b.id)), [live.seats]);
  const teams = useMemo(() => [...new Set(seats.map((seat) => seat.team))].sort(), [seats]);
  const sites = useMemo(() => [...new Set(seats.map((seat) => seat.site))].sort(), [seats]);
  const shown = useMemo(() => seats.filter((seat) => (!team || seat.team === team) && (!site || seat.site === site)), [seats, team, site]);
  const counts = Object.fromEntries(SEAT_STATES.map((state) => [state, shown.filter((seat) => seat.state === state).length]));
  return (
    <section>
      {live.platforms.map((platform) => (
        <PlatformBanner key={platform.id} platform={platform} account={account} />
      ))}
      <div className="filters">
        <label>
          {t('filters.team')}{' '}
          <select value={team} onChange={(event) => setTeam(event.target.value)} data-testid="filter-team">
            <option value="">{t('filters.all')}</option>
            {teams.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label>
          {t('filters.site')}{' '}
          <select value={site} onChange={(event) => setSite(event.target.value)}>
            <option value="">{t('filters.all')}</option>
            {sites.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <span data-testid="counts">{t('counts', counts)}</span>
      </div>
      <ul className="seats">
        {shown.map((seat) => (
          <SeatCard key={seat.id} seat={seat} now={now} account={account} />
        ))}
      </ul>
    </section>
  );
}

const SeatCard = memo(function SeatCard({ seat, now, account }: { seat: SeatView; now: number; account: Account }) {
  const { t } = useTranslation();
  const beat = seat.heartbeat;
  return (
    <li className={`seat ${seat.state}`} data-testid={`seat-${seat.id}`} data-state={seat.state}>
      <strong>{seat.id}</strong>
      <span className="state">{t(`state.${seat.state}`)}</span>
      <span title={clock(seat.since)}>{t('seat.since', { time: duration(now - seat.since) })}</span>
      {seat.fault && seat.state !== 'healthy' && <span className="fault">{t(`fault.${seat.fault}.title`)}</span>}
      <small>
        {seat.team} · {seat.site}
        {beat?.queueDepth !== undefined && ` · ${t('seat.queue', { count: beat.queueDepth })}`}
        {beat?.outboxDepth !== undefined && ` · ${t('seat.outbox', { count: beat.outboxDepth })}`}
      </small>
      {account.role === 'it' && (
        <button
          type="button"
          onClick={() => {
            api.post(`api/seats/${seat.id}/revoke`, account.csrfToken).catch(console.error);
          }}
        >
          {t('seat.revoke')}
        </button>
      )}
    </li>
  );
});
