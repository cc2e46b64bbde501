import { InvalidEngineOptionsError } from '../errors/customization-update-errors';
import type { SyncSchedulerOptions } from './sync-scheduler-options';

const POSITIVE_DURATIONS = ['resumeWithinMs', 'offlineRetryMs', 'connectionLostRetryMs', 'stallTimeoutMs', 'guardRecheckMs'] as const;

/**
 * Refuses scheduler options that do not fit, naming the option ({@link InvalidEngineOptionsError},
 * `INVALID_ENGINE_OPTIONS`): a duration that is not a finite number above 0 (`autosyncDelayMs` may be
 * 0: autosync off), a `dayStartHour` that is not a whole hour 0–23, a `maxApiUsage` outside 0–1, a
 * negative `minFreeDiskBytes`, a `refreshWhileRunning` other than `keep-running` and `restart`.
 */
export function checkSchedulerOptions(options: SyncSchedulerOptions): void {
  for (const name of POSITIVE_DURATIONS) {
    const value = options[name];
    if (value !== undefined && !(Number.isFinite(value) && value > 0))
      throw new InvalidEngineOptionsError(name, `${String(value)} is not a duration in ms above 0`);
  }
  const { autosyncDelayMs, dayStartHour, maxApiUsage, minFreeDiskBytes, refreshWhileRunning } = options;
  if (autosyncDelayMs !== undefined && !(Number.isFinite(autosyncDelayMs) && autosyncDelayMs >= 0)) {
    throw new InvalidEngineOptionsError('autosyncDelayMs', `${String(autosyncDelayMs)} is not a duration in ms of at least 0 (0 turns autosync off)`);
  }
  if (dayStartHour !== undefined && !(Number.isInteger(dayStartHour) && dayStartHour >= 0 && dayStartHour <= 23)) {
    throw new InvalidEngineOptionsError('dayStartHour', `${String(dayStartHour)} is not a whole hour from 0 to 23`);
  }
  if (maxApiUsage !== undefined && !(Number.isFinite(maxApiUsage) && maxApiUsage > 0 && maxApiUsage <= 1)) {
    throw new InvalidEngineOptionsError('maxApiUsage', `${String(maxApiUsage)} is not a share of the limit above 0 and at most 1 (0.9 is 90 %)`);
  }
  if (minFreeDiskBytes !== undefined && !(Number.isFinite(minFreeDiskBytes) && minFreeDiskBytes >= 0)) {
    throw new InvalidEngineOptionsError('minFreeDiskBytes', `${String(minFreeDiskBytes)} is not a number of bytes of at least 0`);
  }
  if (refreshWhileRunning !== undefined && refreshWhileRunning !== 'keep-running' && refreshWhileRunning !== 'restart') {
    throw new InvalidEngineOptionsError('refreshWhileRunning', `'${String(refreshWhileRunning)}' is neither 'keep-running' nor 'restart'`);
  }
}
