export * from './outlets';
export * from './customers';
export * from './cards';
export * from './phones';
export * from './purchases';
export * from './changes';
export * from './settings';
