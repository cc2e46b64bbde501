export * from './entity-definition';
export * from './entity-mapping';
export * from './map-entity-definition';
export * from './convert-record';
export * from './privilege-depths';
export * from './default-entity-set-name';
