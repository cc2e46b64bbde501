/**
 * @fieldsync/azure-ad-auth: what the Microsoft connectors share to reach Azure AD through msal-node.
 */
export { UndiciNetworkModule } from './undici-network-module';
