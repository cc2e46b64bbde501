/**
 * @fieldsync/emulator-azure-ad: the Azure AD token endpoint the emulators share. The Dataverse and
 * Graph emulators serve it on their own HTTPS origin, so msal-node (client credentials, ROPC, refresh
 * and on-behalf-of) signs in against them unchanged. See docs/decisions/172-graph-emulator-shape.md.
 */
export { AccessTokenRejected } from './access-token-rejected';
export { AccessTokenRegistry, type IssuedAccessToken } from './access-tokens';
export type { AzureAdAppRegistration, AzureAdDirectory, DirectoryUser } from './azure-ad-directory';
export {
  aadError,
  cloudDiscoveryMetadata,
  handleTokenRequest,
  openIdConfiguration,
  type TokenEndpointContext,
  type TokenEndpointResponse,
} from './azure-ad-token-endpoint';
