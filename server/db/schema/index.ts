export * from './regions.ts';
export * from './residents.ts';
export * from './people.ts';
export * from './auth.ts';
export * from './command.ts';
export * from './notices.ts';
export * from './points.ts';
export * from './rounds.ts';
