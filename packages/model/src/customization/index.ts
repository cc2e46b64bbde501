export * from './conflict-policy';
export * from './app-settings';
export * from './resolve-app-settings';
export * from './customization';
export * from './page-size';
export * from './canonical-json';
export * from './customization-hash';
