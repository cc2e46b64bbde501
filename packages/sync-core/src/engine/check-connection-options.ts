import { isAppVersion } from '../customization-update/compare-app-versions';
import { InvalidEngineOptionsError } from '../errors/customization-update-errors';
import type { SyncConnectionOptions } from './sync-engine-options';

/**
 * Refuses connection options that do not fit: {@link InvalidEngineOptionsError} for a `channel`
 * together with a `customization`, an `appVersion` that is not a semantic version, or a
 * `changeLogPageSize` that is not a whole number of at least 1.
 */
export function checkConnectionOptions(options: SyncConnectionOptions): void {
  if (options.channel && options.customization) {
    throw new InvalidEngineOptionsError(
      'customization',
      'a device with a channel takes its customization from the channel; leave the customization option out',
    );
  }
  if (options.appVersion !== undefined && !isAppVersion(options.appVersion)) {
    throw new InvalidEngineOptionsError('appVersion', `'${options.appVersion}' is not a version of the form major.minor.patch`);
  }
  if (options.changeLogPageSize !== undefined && (!Number.isInteger(options.changeLogPageSize) || options.changeLogPageSize < 1)) {
    throw new InvalidEngineOptionsError('changeLogPageSize', `${String(options.changeLogPageSize)} is not a whole number of at least 1`);
  }
}
