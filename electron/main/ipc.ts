// IPC: exactly one ipcMain.handle per contract entry, and no other channel. Each handler refuses
// frames that are not the app's own, then hands the call to core's dispatch (role + input checks).
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CALL_NAMES, channelOf } from '../common/contract';
import { fail, type Result } from '../common/result';
import type { Core } from '../core/app/core';
import { isAppUrl } from './origins';

export function sessionKeyOf(event: IpcMainInvokeEvent): string {
  return `webcontents:${event.sender.id}`;
}

export function registerIpc(ipcMain: IpcMain, core: Pick<Core, 'invoke'>): void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(channelOf(name), async (event: IpcMainInvokeEvent, input: unknown): Promise<Result<unknown>> => {
      const frameUrl = event.senderFrame?.url;
      if (!isAppUrl(frameUrl) || event.senderFrame !== event.sender.mainFrame) {
        return fail('foreign_origin', 'This call is only answered for the Blindfold window');
      }
      return core.invoke(sessionKeyOf(event), name, input);
    });
  }
}
