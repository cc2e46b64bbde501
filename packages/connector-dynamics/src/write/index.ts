export * from './guid-for-key';
export * from './plan-batch';
export * from './write-failure';
export * from './dynamics-writer';
