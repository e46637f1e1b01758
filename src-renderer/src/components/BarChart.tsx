import { useId } from 'react';
import { formatCount } from '../../../shared/format';

export interface BarSeries {
  key: string;
  label: string;
  /** CSS class giving the bar its colour (see `.chart-*` in styles.css). */
  className: string;
}

export interface BarDatum {
  key: string;
  /** Under the bar (short, e.g. "4"). */
  label: string;
  /** In tooltips and the data table (e.g. "Tue, Mar 4"). */
  fullLabel: string;
  values: Record<string, number>;
}

const W = 640;
const H = 220;
const M = { top: 12, right: 8, bottom: 30, left: 40 };

/** 0 → 4, 7 → 8, 130 → 150: a round top for the axis. */
function niceMax(v: number): number {
  if (v <= 4) return 4;
  const mag = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * mag >= v) return step * mag;
  return 10 * mag;
}

/**
 * Stacked bars as inline SVG: no chart library, no scripts, CSP-safe. Screen readers get the same
 * numbers as a table (visually hidden); each bar has a tooltip.
 */
export function BarChart({
  title,
  series,
  data,
  testId,
}: {
  title: string;
  series: BarSeries[];
  data: BarDatum[];
  testId?: string;
}) {
  const id = useId();
  const totals = data.map((d) => series.reduce((s, x) => s + (d.values[x.key] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const slot = plotW / Math.max(1, data.length);
  const barW = Math.min(32, slot * 0.62);
  const y = (v: number) => M.top + plotH - (v / max) * plotH;
  const ticks = [0, max / 2, max];

  return (
    <figure className="chart" data-testid={testId}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t`} className="chart-svg">
        <title id={`${id}-t`}>{title}</title>
        {ticks.map((t) => (
          <g key={t} className="chart-grid">
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
            <text x={M.left - 8} y={y(t)} dy="0.32em" textAnchor="end" className="chart-axis">
              {formatCount(t)}
            </text>
          </g>
        ))}
        {data.map((d, i) => {
          const x = M.left + i * slot + (slot - barW) / 2;
          let acc = 0;
          const total = totals[i] ?? 0;
          return (
            <g key={d.key}>
              <title>
                {`${d.fullLabel}: ${formatCount(total)} total` +
                  series
                    .map((s) => `, ${formatCount(d.values[s.key] ?? 0)} ${s.label.toLowerCase()}`)
                    .join('')}
              </title>
              <rect x={M.left + i * slot} y={M.top} width={slot} height={plotH} className="chart-hover" />
              {series.map((s) => {
                const v = d.values[s.key] ?? 0;
                if (v <= 0) return null;
                const top = y(acc + v);
                const h = y(acc) - top;
                acc += v;
                return (
                  <rect key={s.key} x={x} y={top} width={barW} height={h} rx={2} className={s.className} />
                );
              })}
              {total > 0 && (
                <text x={x + barW / 2} y={y(total) - 4} textAnchor="middle" className="chart-value">
                  {formatCount(total)}
                </text>
              )}
              <text x={x + barW / 2} y={H - M.bottom + 16} textAnchor="middle" className="chart-axis">
                {d.label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-legend">
        {series.map((s) => (
          <span key={s.key} className="legend-item">
            <svg width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" rx="2" className={s.className} />
            </svg>
            {s.label}
          </span>
        ))}
      </figcaption>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {series.map((s) => (
              <th key={s.key} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.key}>
              <th scope="row">{d.fullLabel}</th>
              {series.map((s) => (
                <td key={s.key}>{formatCount(d.values[s.key] ?? 0)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
