import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api, type UptimeAnswer } from './api.ts';

/** Uptime per seat and per team, seats in failover over time, detection and failover times. */
export function Uptime({ window, version }: { window: string; version: number }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState<UptimeAnswer | null>(null);
  useEffect(() => {
    api.uptime(window).then(setAnswer, console.error);
  }, [window, version]);
  if (!answer) return null;
  const percent = (share: number) => `${(share * 100).toFixed(2)} %`;
  const times = answer.times.filter((time) => time.detectionMs !== null || time.failoverMs !== null).sort((a, b) => a.at - b.at);
  return (
    <section className="uptime">
      <h3>{t('uptime.failover')}</h3>
      <Chart
        data={[answer.failoverSeries.map((point) => point.at / 1_000), answer.failoverSeries.map((point) => point.seats)]}
        series={[{ label: t('uptime.failover'), stroke: '#c0392b' }]}
      />
      <h3>{t('uptime.times')}</h3>
      <Chart
        data={[
          times.map((time) => time.at / 1_000),
          times.map((time) => (time.detectionMs === null ? null : time.detectionMs / 1_000)),
          times.map((time) => (time.failoverMs === null ? null : time.failoverMs / 1_000)),
        ]}
        series={[
          { label: t('uptime.detection'), stroke: '#2471a3', points: { show: true } },
          { label: t('uptime.failoverTime'), stroke: '#d68910', points: { show: true } },
        ]}
      />
      <h3>{t('uptime.teams')}</h3>
      <table>
        <tbody>
          {answer.teams.map((team) => (
            <tr key={team.team}>
              <td>{team.team}</td>
              <td>{percent(team.uptime)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('uptime.seats')}</h3>
      <table>
        <tbody>
          {answer.seats.map((seat) => (
            <tr key={seat.seatId}>
              <td>{seat.seatId}</td>
              <td>{seat.team}</td>
              <td>{percent(seat.uptime)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Chart({ data, series }: { data: (number | null)[][]; series: uPlot.Series[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return undefined;
    const plot = new uPlot({ width: 720, height: 200, series: [{}, ...series] }, data as uPlot.AlignedData, box.current);
    return () => plot.destroy();
  }, [data, series]);
  return <div ref={box} className="chart" />;
}
