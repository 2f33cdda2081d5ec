import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { callNames } from '../../shared/callNames';
import { channelFor } from '../../shared/ipc';
import { dispatch, type CallResult } from '../core/api/dispatch';
import type { Handlers } from '../core/api/handlers';

/** Registers one IPC handler per contract call; a call from any frame but our own renderer is refused. */
export function registerContract(
  ipc: Pick<IpcMain, 'handle'>,
  handlers: Handlers,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): string[] {
  const channels: string[] = [];
  for (const name of callNames) {
    const channel = channelFor(name);
    ipc.handle(channel, (event, input: unknown): CallResult => {
      if (!isTrustedSender(event)) return { ok: false, error: { code: 'forbidden', messageKey: 'error.forbidden' } };
      return dispatch(handlers, name, input);
    });
    channels.push(channel);
  }
  return channels;
}
