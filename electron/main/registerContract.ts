import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { callNames } from '../../shared/callNames';
import { channelFor } from '../../shared/ipc';
import { dispatchCall, type CallResult } from '../core/api/dispatch';
import type { Core } from '../core/api/core';

/**
 * Registers one IPC handler per contract call; a call from any frame but our own renderer is refused. The window
 * is one transport connection: `core` carries its signed-in staff member.
 */
export function registerContract(
  ipc: Pick<IpcMain, 'handle'>,
  core: Core,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): string[] {
  const channels: string[] = [];
  for (const name of callNames) {
    const channel = channelFor(name);
    ipc.handle(channel, async (event, input: unknown): Promise<CallResult> => {
      if (!isTrustedSender(event)) return { ok: false, error: { code: 'forbidden', messageKey: 'error.forbidden' } };
      return dispatchCall(core, name, input);
    });
    channels.push(channel);
  }
  return channels;
}
