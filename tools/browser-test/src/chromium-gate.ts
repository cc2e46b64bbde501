import { findChromium } from './find-chromium';

const executablePath = findChromium();
const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

/**
 * Whether a browser spec can run here. Without Chromium a developer's run skips and says why; CI
 * installs it (.ci/run), so there a missing Chromium fails the spec instead.
 */
export const chromiumGate: {
  /** The Chromium to launch, or undefined when there is none. */
  readonly executablePath: string | undefined;
  /** `it`, or `it.skip` outside CI without Chromium. */
  readonly run: jest.It;
  /** A suffix for test names that says why they were skipped ('' when they run). */
  readonly skipped: string;
} = {
  executablePath,
  run: executablePath !== undefined || inCi ? it : it.skip,
  skipped: executablePath !== undefined || inCi ? '' : ' [skipped: no chromium on the PATH; install it with apt-get install chromium, or set CHROMIUM_PATH]',
};
