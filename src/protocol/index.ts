export * from './version';
export * from './limits';
export * from './errors';
export * from './model';
export * from './messages';
export * from './envelope';
export * from './password-target';
