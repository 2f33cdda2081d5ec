import type { CallName } from './callNames';

/** Each contract call has its own IPC channel, so the main process registers exactly the contract. */
export const channelFor = (name: CallName): string => `akrab:${name}`;
