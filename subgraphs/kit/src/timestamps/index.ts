export * from './imprint-algorithms';
export * from './object-identifier';
export * from './signing-certificate';
export * from './time-stamp-query';
export * from './time-stamp-token';
