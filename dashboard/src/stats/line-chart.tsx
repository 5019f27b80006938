/**
 * A uPlot line chart of percentages over time. The canvas is decoration for sighted users: every number it shows is
 * also in the tables next to it, so the figure gets an accessible name and a pointer to them.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import type { StatsInterval } from '@consentgate/shared';

export interface ChartSeries {
  label: string;
  color: string;
  /** 0..1 per x value; null where there is nothing to show. */
  values: Array<number | null>;
}

export interface LineChartProps {
  title: string;
  /** Bucket starts in seconds since the epoch. */
  x: number[];
  series: ChartSeries[];
  /** The buckets' size: hours show their time of day, weeks say that a week starts on the date shown. */
  interval: StatsInterval;
}

/** What a bucket's start is called, in the chart's legend and the per-bucket table alike. */
export const bucketLabel = (interval: StatsInterval) =>
  interval === 'hour' ? 'Hour (UTC)' : `${interval === 'day' ? 'Day' : 'Week'} starting (UTC)`;

/** As wide as its box, so a 320 px screen (400 % zoom) does not scroll sideways; 800 before the box is laid out. */
const chartWidth = (el: HTMLElement) => Math.max(200, el.clientWidth || 800);

/** Above this many buckets points are not drawn on every value (they would merge into a thick line). */
const MAX_POINTS = 60;

/**
 * The values of a dense series that still get a point: those next to a gap (a null neighbour). Lines are not drawn
 * across gaps, so without a point a value between two gaps would not be drawn at all, and a short run (two hours of
 * a month by hour) would be a line a pixel or two long.
 */
export function valuesNextToGap(values: ArrayLike<number | null | undefined>): number[] {
  const shown: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (values[i] == null) continue;
    const gapBefore = i > 0 && values[i - 1] == null;
    const gapAfter = i < values.length - 1 && values[i + 1] == null;
    if (gapBefore || gapAfter) shown.push(i);
  }
  return shown;
}

const DARK = '(prefers-color-scheme: dark)';

/** Whether the page is in its dark scheme; changes when the system or browser switches scheme. */
function useDarkScheme(): boolean {
  const [dark, setDark] = useState(() => typeof matchMedia === 'function' && matchMedia(DARK).matches);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return undefined;
    const query = matchMedia(DARK);
    const onChange = () => setDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return dark;
}

export function LineChart({ title, x, series, interval }: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const captionId = useId();
  // A canvas knows no CSS: the axes get the page's colours as values, and the chart is drawn anew when they change.
  const dark = useDarkScheme();

  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    if (!document.createElement('canvas').getContext('2d')) {
      // No 2D canvas (a very old browser or a test DOM): the tables carry the same numbers.
      el.textContent = 'The chart cannot be drawn in this browser; the tables below have the same numbers.';
      return undefined;
    }
    const style = getComputedStyle(el);
    const text = style.color;
    const grid = style.getPropertyValue('--line').trim() || 'rgba(128,128,128,0.25)';
    let plot: uPlot | undefined;
    try {
      plot = new uPlot(
        {
          width: chartWidth(el),
          height: 260,
          tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
          scales: { y: { range: [0, 100] } },
          axes: [
            // uPlot's own time ticks (they pick month/day/hour labels that fit), in UTC through tzDate.
            { stroke: text, grid: { stroke: grid }, ticks: { stroke: grid } },
            { values: (_u, ticks) => ticks.map((t) => `${t} %`), size: 56, stroke: text, grid: { stroke: grid }, ticks: { stroke: grid } },
          ],
          series: [
            { label: bucketLabel(interval), value: interval === 'hour' ? '{YYYY}-{MM}-{DD} {HH}:00' : '{YYYY}-{MM}-{DD}' },
            ...series.map((s) => ({
              label: s.label,
              stroke: s.color,
              width: 2,
              points: {
                show: x.length < MAX_POINTS,
                // Filled: a lone value reads as a dot of the series' colour on either background.
                fill: s.color,
                // null: every point (when shown); otherwise only the values next to a gap.
                filter: (u: uPlot, seriesIdx: number, show: boolean) => {
                  if (show) return null;
                  const next = valuesNextToGap(u.data[seriesIdx]!);
                  return next.length > 0 ? next : null;
                },
              },
              spanGaps: false,
              value: (_u: uPlot, v: number | null) => (v === null ? '–' : `${v.toFixed(1)} %`),
            })),
          ],
        },
        [x, ...series.map((s) => s.values.map((v) => (v === null ? null : Math.round(v * 1000) / 10)))],
        el,
      );
    } catch (err) {
      el.textContent = `The chart cannot be drawn (${String(err)}); the tables below have the same numbers.`;
      return undefined;
    }
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => plot?.setSize({ width: chartWidth(el), height: 260 })) : undefined;
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      plot?.destroy();
    };
  }, [x, series, interval, dark]);

  return (
    <figure class="chart" aria-labelledby={captionId}>
      <figcaption id={captionId}>{title}</figcaption>
      <div ref={box} role="img" aria-label={`${title}: line chart; the numbers are in the tables below`} />
    </figure>
  );
}
