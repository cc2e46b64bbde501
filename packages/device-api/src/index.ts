/**
 * @fieldsync/device-api: the bridge's GraphQL API (device and admin) on graphql-yoga, over a CRM
 * backend and the bridge's own state.
 */
export { type AccessClaims, type TokenService, type TokenServiceOptions, createTokenService } from './auth/token-service';
export type { BackendUser, BackendUserPage, BackendUserQuery, CrmBackend } from './backend/crm-backend';
export type { ApiLogger, ApiServices } from './context/api-services';
export { type Caller, type RequestContext, createRequestContext } from './context/request-context';
export { type DeviceApiOptions, createDeviceApi } from './create-device-api';
export { type FleetEvent, type FleetEventKind, type FleetEvents, type FleetEventTarget, createFleetEvents } from './events/fleet-events';
export { jsonOnlyPostPlugin } from './plugins/json-only-post-plugin';
export { type DeviceApiLimits, queryLimitPlugins } from './plugins/query-limit-plugins';
export { adminCustomizationEditorTypeDefs } from './schema/admin-customization-editor-type-defs';
export { adminTypeDefs } from './schema/admin-type-defs';
export { deviceTypeDefs } from './schema/device-type-defs';
export { PageReadAhead, type PageReadAheadOptions } from './resolvers/page-read-ahead';
export { type BridgeSettings, resolveBridgeSettings } from './settings/bridge-settings';
export { SettingsCache } from './settings/settings-cache';
