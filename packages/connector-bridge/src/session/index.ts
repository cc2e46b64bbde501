export * from './bridge-session';
export * from './session-keeper';
