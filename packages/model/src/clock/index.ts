export * from './manual-clock';
export * from './timer-clock';
