export * from './wait-at-least';
export * from './with-rate-limit-retries';
