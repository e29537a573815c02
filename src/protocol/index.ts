export * from './version';
export * from './errors';
export * from './model';
export * from './messages';
export * from './envelope';
export * from './tls-failure';
export * from './autodetect';
