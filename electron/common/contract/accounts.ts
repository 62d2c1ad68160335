// Accounts, the unblinding passphrase, the account policy and backups. Changing one's own password
// is open to every role; the rest is the manager's.
import { z } from 'zod';
import { call, count, list, none, nothing, ROLES, view, role } from './base';

export const accountView = view({
  name: z.string(),
  role,
  disabled: z.boolean(),
  passwordChangedAt: z.string().nullable(),
  failedLogins: z.number().int(),
  /** ISO time until which logins with this name are refused; null when not locked. */
  lockedUntil: z.string().nullable(),
});
export type AccountView = z.output<typeof accountView>;

/** The study's account policy (auth/policy.ts holds the defaults and the limits); whole numbers. */
export const accountPolicyView = view({
  /** Consecutive failed logins allowed before a name is locked. */
  maxFailures: z.number().int(),
  /** The first lock; each further failure doubles it. */
  lockBaseMinutes: z.number().int(),
  /** The longest lock. */
  lockMaxMinutes: z.number().int(),
  /** A session with no activity for this long ends. */
  sessionIdleMinutes: z.number().int(),
  /** A session ends this long after login, whatever the activity. */
  sessionMaxHours: z.number().int(),
});
export type AccountPolicyView = z.output<typeof accountPolicyView>;

export const backupView = view({
  fileName: z.string(),
  folder: z.string(),
  trigger: z.enum(['manual', 'scheduled']),
  finishedAt: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  /** Media files present in the backup's media folder after it ran; null when media were not copied. */
  mediaFiles: z.number().int().nullable(),
  actor: z.string(),
});
export type BackupView = z.output<typeof backupView>;

export const backupScheduleView = view({
  folder: z.string(),
  everyHours: z.number(),
  includeMedia: z.boolean(),
  /** Keep only this many backup files of the study in the folder; null keeps all. */
  keep: z.number().int().nullable(),
});
export type BackupScheduleView = z.output<typeof backupScheduleView>;

/** The last scheduled backup's failure, until a later one succeeds. */
export const backupErrorView = view({ at: z.string(), message: z.string() });
export type BackupErrorView = z.output<typeof backupErrorView>;

export const backupsView = view({
  schedule: backupScheduleView.nullable(),
  /** ISO time of the next scheduled backup; null when none is scheduled or one is running. */
  nextAt: z.string().nullable(),
  lastError: backupErrorView.nullable(),
  backups: list(backupView),
});
export type BackupsView = z.output<typeof backupsView>;

/** A backup just taken, checked: the file, its hash, the audit entries verified in it, the media copied. */
export const backupReceiptView = view({
  file: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  auditEntries: count,
  /** Null when media were not copied; `problems` are codes of clips whose media is missing or altered. */
  media: view({ folder: z.string(), copied: count, present: count, problems: list(z.string()) }).nullable(),
  /** Older backups of the study removed from the folder to keep only the number asked for. */
  pruned: list(z.string()),
});
export type BackupReceiptView = z.output<typeof backupReceiptView>;

const password = z.string().min(1).max(1024);
const reason = z.string().trim().max(1000).optional();

export const accountsEntries = {
  'account.changePassword': call({
    input: z.object({ oldPassword: password, newPassword: password }).strict(),
    output: nothing,
    roles: ROLES,
    summary: 'Change your own password (your other sessions end).',
  }),
  'accounts.list': call({
    input: none,
    output: list(accountView),
    roles: ['manager'],
    summary: 'Every account with its role and lock-out state.',
  }),
  'accounts.resetPassword': call({
    input: z.object({ name: z.string().trim().min(1).max(63), password, reason }).strict(),
    output: nothing,
    roles: ['manager'],
    summary: "Set another user's password; their sessions end.",
  }),
  'accounts.setRole': call({
    input: z.object({ name: z.string().trim().min(1).max(63), role, reason }).strict(),
    output: view({ changed: z.boolean() }),
    roles: ['manager'],
    summary: "Change a user's role; their sessions end.",
  }),
  'accounts.unlock': call({
    input: z.object({ name: z.string().trim().min(1).max(63) }).strict(),
    output: view({ unlocked: z.boolean() }),
    roles: ['manager'],
    summary: 'Lift a lock-out after repeated failed logins.',
  }),
  'accounts.changePassphrase': call({
    input: z.object({ oldPassphrase: password, newPassphrase: password }).strict(),
    output: nothing,
    roles: ['manager'],
    summary: 'Change the unblinding passphrase (the sealed key is re-wrapped).',
  }),
  'accounts.policy': call({
    input: none,
    output: accountPolicyView,
    roles: ['manager'],
    summary: 'Lock-out and session time-out settings.',
  }),
  'accounts.setPolicy': call({
    input: z
      .object({
        maxFailures: z.number().int().min(1).max(100).optional(),
        lockBaseMinutes: z.number().min(0.1).max(1440).optional(),
        lockMaxMinutes: z.number().min(0.1).max(10080).optional(),
        sessionIdleMinutes: z.number().min(1).max(1440).optional(),
        sessionMaxHours: z.number().min(0.1).max(168).optional(),
      })
      .strict(),
    output: accountPolicyView,
    roles: ['manager'],
    summary: 'Change lock-out and session time-out settings.',
  }),
  'backups.status': call({
    input: none,
    output: backupsView,
    roles: ['manager'],
    summary: 'The backup schedule and the backups taken.',
  }),
  'backups.now': call({
    input: z
      .object({ folder: z.string().min(1).max(4096), includeMedia: z.boolean(), keep: z.number().int().min(1).max(10000).nullable().optional() })
      .strict(),
    output: backupReceiptView,
    roles: ['manager'],
    summary: 'Back the study up now (online SQLite backup) into a chosen folder.',
  }),
  'backups.setSchedule': call({
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
    output: backupScheduleView.nullable(),
    roles: ['manager'],
    summary: 'Back up every N hours while the app runs (or stop).',
  }),
} as const;
