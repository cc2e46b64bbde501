export * from './create-dynamics-connector';
export * from './dynamics-connector';
export * from './validate-dynamics-config';
export * from './odata-page';
export * from './page-whole-delta';
