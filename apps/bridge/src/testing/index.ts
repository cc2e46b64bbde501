export * from './bridge-test-bed';
