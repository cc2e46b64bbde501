/**
 * `@fieldsync/connector-bridge/node`: what only a Node host needs (undici with a trusted certificate),
 * kept out of the main entry so that a browser or React Native bundle of the connector uses the
 * platform's `fetch` and pulls in no Node built-in.
 */
export { type UndiciFetchOptions, undiciFetch } from './undici-fetch';
