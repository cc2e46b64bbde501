export * from './undici-network-module';
export * from './azure-ad-token-source';
