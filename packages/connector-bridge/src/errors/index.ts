export * from './bridge-connector-closed-error';
export * from './bridge-user-error';
export * from './device-not-bound-error';
export * from './not-signed-in-error';
export * from './unauthenticated-error';
