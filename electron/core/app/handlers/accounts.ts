// Handlers of the account, passphrase, policy and backup entries. Whoever's account changes loses
// their sessions (and so their media links and opened keys).
import { changePassword, listAccounts, resetPassword, setRole, unlockAccount } from '../../auth/accounts';
import { changeUnblindingPassphrase } from '../../blinding/passphrase';
import { accountPolicy, sessionLimits, setAccountPolicy } from '../../auth/policy';
import { asUser, must, type HandlerGroup } from './context';

type AccountsCalls =
  | 'account.changePassword'
  | 'accounts.list'
  | 'accounts.resetPassword'
  | 'accounts.setRole'
  | 'accounts.unlock'
  | 'accounts.changePassphrase'
  | 'accounts.policy'
  | 'accounts.setPolicy'
  | 'backups.status'
  | 'backups.now'
  | 'backups.setSchedule';

export const accountsHandlers: HandlerGroup<AccountsCalls> = {
  'account.changePassword': async (ctx, caller, input) => {
    const user = asUser(caller);
    await changePassword(ctx.study.db, user, input.oldPassword, input.newPassword);
    ctx.sessions.endUser(user.id, 'account_changed', caller.sessionKey);
    return null;
  },
  'accounts.list': (ctx) => listAccounts(ctx.study.db),
  'accounts.resetPassword': async (ctx, caller, input) => {
    const userId = await resetPassword(ctx.study.db, must(caller).name, input.name, input.password, input.reason);
    ctx.sessions.endUser(userId);
    return null;
  },
  'accounts.setRole': (ctx, caller, input) => {
    const { userId, changed } = setRole(ctx.study.db, must(caller).name, input.name, input.role, input.reason);
    if (changed) ctx.sessions.endUser(userId);
    return { changed };
  },
  'accounts.unlock': (ctx, caller, input) => ({ unlocked: unlockAccount(ctx.study.db, must(caller).name, input.name) }),
  'accounts.changePassphrase': async (ctx, caller, input) => {
    await changeUnblindingPassphrase(ctx.study.db, must(caller).name, input.oldPassphrase, input.newPassphrase);
    return null;
  },
  'accounts.policy': (ctx) => accountPolicy(ctx.study.db),
  'accounts.setPolicy': (ctx, caller, input) => {
    const patch = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const policy = setAccountPolicy(ctx.study.db, must(caller).name, patch);
    ctx.sessions.setLimits(sessionLimits(policy));
    return policy;
  },
  'backups.status': (ctx) => {
    const status = ctx.backups.status();
    return {
      schedule: status.schedule,
      nextAt: status.nextAt,
      lastError: status.lastError,
      backups: ctx.backups.list(50).map((b) => ({
        fileName: b.fileName,
        folder: b.folder,
        trigger: b.trigger,
        finishedAt: b.finishedAt,
        bytes: b.bytes,
        sha256: b.sha256,
        mediaFiles: b.mediaFiles,
        actor: b.actor,
      })),
    };
  },
  'backups.now': async (ctx, caller, input) => {
    // Copying media takes a while: followed on the task board (setup.progress) when it is free.
    let followed = false;
    if (input.includeMedia) {
      try {
        ctx.tasks.start(caller.sessionKey, 'Copying media');
        followed = true;
      } catch {
        followed = false;
      }
    }
    let receipt;
    try {
      receipt = await ctx.backups.backupNow(must(caller).name, {
        folder: input.folder,
        includeMedia: input.includeMedia,
        ...(input.keep === undefined ? {} : { keep: input.keep }),
        ...(followed ? { onProgress: (done: number, total: number) => ctx.tasks.update(caller.sessionKey, { done, total }) } : {}),
      });
    } finally {
      if (followed) ctx.tasks.finish(caller.sessionKey, null);
    }
    const media = receipt.media && { folder: receipt.media.folder, copied: receipt.media.copied, present: receipt.media.present, problems: [...receipt.media.problems] };
    return { file: receipt.file, bytes: receipt.bytes, sha256: receipt.sha256, auditEntries: receipt.auditEntries, media, pruned: [...receipt.pruned] };
  },
  'backups.setSchedule': (ctx, caller, input) => ctx.backups.setSchedule(must(caller).name, input.schedule),
};
