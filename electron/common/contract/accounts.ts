// Accounts, the unblinding passphrase, the account policy and backups. Changing one's own password
// is open to every role; the rest is the manager's.
import { z } from 'zod';
import { call, none, ROLES, type Role } from './base';

export interface AccountView {
  readonly name: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly passwordChangedAt: string | null;
  readonly failedLogins: number;
  readonly lockedUntil: string | null;
}

export interface AccountPolicyView {
  readonly maxFailures: number;
  readonly lockBaseMinutes: number;
  readonly lockMaxMinutes: number;
  readonly sessionIdleMinutes: number;
  readonly sessionMaxHours: number;
}

export interface BackupView {
  readonly fileName: string;
  readonly folder: string;
  readonly trigger: 'manual' | 'scheduled';
  readonly finishedAt: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly mediaFiles: number | null;
  readonly actor: string;
}

export interface BackupScheduleView {
  readonly folder: string;
  readonly everyHours: number;
  readonly includeMedia: boolean;
  readonly keep: number | null;
}

export interface BackupsView {
  readonly schedule: BackupScheduleView | null;
  readonly nextAt: string | null;
  readonly lastError: { readonly at: string; readonly message: string } | null;
  readonly backups: readonly BackupView[];
}

const password = z.string().min(1).max(1024);
const reason = z.string().trim().max(1000).optional();

export const accountsEntries = {
  'account.changePassword': call<null>()({
    input: z.object({ oldPassword: password, newPassword: password }).strict(),
    roles: ROLES,
    summary: 'Change your own password (your other sessions end).',
  }),
  'accounts.list': call<readonly AccountView[]>()({
    input: none,
    roles: ['manager'],
    summary: 'Every account with its role and lock-out state.',
  }),
  'accounts.resetPassword': call<null>()({
    input: z.object({ name: z.string().trim().min(1).max(63), password, reason }).strict(),
    roles: ['manager'],
    summary: "Set another user's password; their sessions end.",
  }),
  'accounts.setRole': call<{ changed: boolean }>()({
    input: z.object({ name: z.string().trim().min(1).max(63), role: z.enum(ROLES), reason }).strict(),
    roles: ['manager'],
    summary: "Change a user's role; their sessions end.",
  }),
  'accounts.unlock': call<{ unlocked: boolean }>()({
    input: z.object({ name: z.string().trim().min(1).max(63) }).strict(),
    roles: ['manager'],
    summary: 'Lift a lock-out after repeated failed logins.',
  }),
  'accounts.changePassphrase': call<null>()({
    input: z.object({ oldPassphrase: password, newPassphrase: password }).strict(),
    roles: ['manager'],
    summary: 'Change the unblinding passphrase (the sealed key is re-wrapped).',
  }),
  'accounts.policy': call<AccountPolicyView>()({
    input: none,
    roles: ['manager'],
    summary: 'Lock-out and session time-out settings.',
  }),
  'accounts.setPolicy': call<AccountPolicyView>()({
    input: z
      .object({
        maxFailures: z.number().int().min(1).max(100).optional(),
        lockBaseMinutes: z.number().min(0.1).max(1440).optional(),
        lockMaxMinutes: z.number().min(0.1).max(10080).optional(),
        sessionIdleMinutes: z.number().min(1).max(1440).optional(),
        sessionMaxHours: z.number().min(0.1).max(168).optional(),
      })
      .strict(),
    roles: ['manager'],
    summary: 'Change lock-out and session time-out settings.',
  }),
  'backups.status': call<BackupsView>()({
    input: none,
    roles: ['manager'],
    summary: 'The backup schedule and the backups taken.',
  }),
  'backups.now': call<{ file: string; bytes: number }>()({
    input: z.object({ folder: z.string().min(1).max(4096), includeMedia: z.boolean() }).strict(),
    roles: ['manager'],
    summary: 'Back the study up now (online SQLite backup) into a chosen folder.',
  }),
  'backups.setSchedule': call<BackupScheduleView | null>()({
    input: z
      .object({
        schedule: z
          .object({
            folder: z.string().min(1).max(4096),
            everyHours: z.number().min(0.25).max(24 * 30),
            includeMedia: z.boolean(),
            keep: z.number().int().min(1).max(10000).nullable(),
          })
          .strict()
          .nullable(),
      })
      .strict(),
    roles: ['manager'],
    summary: 'Back up every N hours while the app runs (or stop).',
  }),
} as const;
