import { createRequire } from 'node:module';
import type { CliIo } from '../cli/cli-io';
import { formatNumber } from './printer';

/** Reports the progress of a long job: `update` as work is done, `stop` once at the end. */
export interface ProgressReporter {
  update(done: number, total: number, label: string): void;
  stop(): void;
}

/** The part of cli-progress's SingleBar the CLI uses (the package ships no types). */
interface ProgressBar {
  start(total: number, value: number, payload?: Record<string, unknown>): void;
  update(value: number, payload?: Record<string, unknown>): void;
  setTotal(total: number): void;
  stop(): void;
}

interface CliProgressModule {
  SingleBar: new (options: Record<string, unknown>, preset?: unknown) => ProgressBar;
  Presets: { shades_classic: unknown };
}

/** A live bar on the terminal's standard error (cli-progress). */
function barReporter(): ProgressReporter {
  const cliProgress = createRequire(__filename)('cli-progress') as CliProgressModule;
  const bar = new cliProgress.SingleBar(
    { format: ' {bar} {percentage}% | {value}/{total} | {label}', hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, label) {
      if (!started) {
        bar.start(total, done, { label });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { label });
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Plain lines on standard output, one per tenth of the work and one when the label changes. */
function lineReporter(io: CliIo): ProgressReporter {
  let lastLabel = '';
  let lastTenth = -1;
  return {
    update(done, total, label) {
      const tenth = total > 0 ? Math.floor((done * 10) / total) : 10;
      if (label === lastLabel && tenth === lastTenth) return;
      lastLabel = label;
      lastTenth = tenth;
      const percent = total > 0 ? Math.floor((done * 100) / total) : 100;
      io.out(`  ${String(percent).padStart(3)}%  ${formatNumber(done)}/${formatNumber(total)}  ${label}\n`);
    },
    stop() {
      // Every line is complete already; nothing to clear.
    },
  };
}

/** A progress bar on a terminal, progress lines otherwise (CI logs, pipes, tests). */
export function createProgressReporter(io: CliIo): ProgressReporter {
  return io.interactive ? barReporter() : lineReporter(io);
}
