import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SyncPoint } from './sync-point';

/** Props of {@link SyncCharts}: the device's syncs, oldest first. */
export interface SyncChartsProps {
  readonly points: readonly SyncPoint[];
}

const HEIGHT = 200;

interface ShapeProps {
  readonly x?: number;
  readonly y?: number;
  readonly width?: number;
  readonly height?: number;
  readonly payload?: SyncPoint;
  readonly value?: unknown;
  readonly className?: string;
}

/**
 * A bar that is drawn even at zero height, carrying its sync and value, so that a reader (and the
 * browser test) can tell which sync it is and what it shows.
 */
function barShape(series: string) {
  return function SyncBar({ x = 0, y = 0, width = 0, height = 0, payload, value }: ShapeProps) {
    const shown = Array.isArray(value) ? Number(value[1]) - Number(value[0]) : Number(value ?? 0);
    return (
      <rect
        className={`sync-bar sync-bar-${series}`}
        x={x}
        y={y}
        width={width}
        height={Math.max(height, 0)}
        data-sync-id={payload?.syncId}
        data-series={series}
        data-value={shown}
      />
    );
  };
}

interface DotProps {
  readonly cx?: number;
  readonly cy?: number;
  readonly payload?: SyncPoint;
  readonly index?: number;
}

function DurationDot({ cx = 0, cy = 0, payload, index }: DotProps) {
  return (
    <circle
      key={payload?.syncId ?? index}
      className={`sync-dot${payload?.failed ? ' sync-dot-failed' : ''}`}
      cx={cx}
      cy={cy}
      r={4}
      data-sync-id={payload?.syncId}
      data-series="duration"
      data-value={payload?.durationMs}
    />
  );
}

/**
 * The device's sync tracking as three SVG charts over time: duration, records up and down, and errors
 * per sync (upload errors, and the sync's own failure). Colours come from the stylesheet (dark mode
 * included); recharts sets no inline style the console's CSP would refuse.
 */
export function SyncCharts({ points }: SyncChartsProps) {
  const data = points.map((point) => ({ ...point }));
  return (
    <div className="sync-charts">
      <figure className="chart chart-duration" aria-labelledby="chart-duration-title">
        <figcaption id="chart-duration-title">Duration (ms)</figcaption>
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid className="chart-grid" strokeDasharray="3 3" />
            <XAxis dataKey="label" className="chart-axis" />
            <YAxis className="chart-axis" allowDecimals={false} />
            <Tooltip wrapperClassName="chart-tooltip" />
            <Line type="monotone" dataKey="durationMs" name="Duration (ms)" className="series-duration" dot={DurationDot} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart chart-records" aria-labelledby="chart-records-title">
        <figcaption id="chart-records-title">Records up and down</figcaption>
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid className="chart-grid" strokeDasharray="3 3" />
            <XAxis dataKey="label" className="chart-axis" />
            <YAxis className="chart-axis" allowDecimals={false} />
            <Tooltip wrapperClassName="chart-tooltip" />
            <Legend itemSorter="dataKey" />
            <Bar dataKey="uploads" name="Up" className="series-up" shape={barShape('up')} isAnimationActive={false} />
            <Bar dataKey="downloaded" name="Down" className="series-down" shape={barShape('down')} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart chart-errors" aria-labelledby="chart-errors-title">
        <figcaption id="chart-errors-title">Errors per sync</figcaption>
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid className="chart-grid" strokeDasharray="3 3" />
            <XAxis dataKey="label" className="chart-axis" />
            <YAxis className="chart-axis" allowDecimals={false} />
            <Tooltip wrapperClassName="chart-tooltip" />
            <Legend itemSorter="dataKey" />
            <Bar
              dataKey="uploadErrors"
              name="Upload errors"
              stackId="errors"
              className="series-upload-errors"
              shape={barShape('upload-errors')}
              isAnimationActive={false}
            />
            <Bar dataKey="failures" name="Sync failed" stackId="errors" className="series-failures" shape={barShape('failures')} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
