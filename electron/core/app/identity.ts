// Who a local, trusted face (the command line) calls as. Transports that carry a caller's word
// (Electron's IPC, the study server) hand core a string session key and reach dispatch only through
// `core.invoke`; a local face holds an identity object instead, made by core and never derivable
// from a string:
//
// - a *local caller*: a private key of its own; `auth.login` through `core.invokeAs` makes it that
//   user's session, so roles, lock-out and the audit actor are the real user's, as in the app;
// - the *study holder*: whoever can open the study folder on this machine and so could read or
//   replace its database anyway. It gets the manager role and is audited as the name the face gives
//   (the CLI gives `cli:<operating-system user>`); its session lives here, never in the session
//   store, so no session key — guessed, replayed or forged — can make a call as it.
import { randomBytes } from 'node:crypto';
import type { Session } from '../auth/sessions';

declare const identityBrand: unique symbol;

export interface LocalIdentity {
  readonly [identityBrand]: true;
  /** The key its session, opened keys and tasks are held under; refused by `core.invoke`. */
  readonly key: string;
  /** The study holder's session; undefined for a local caller (its session is in the store). */
  readonly holder: Session | undefined;
}

/** The study holder's user id: no account has it (ids start at 1). */
export const STUDY_HOLDER_USER_ID = 0;

const localKey = (): string => `local:${randomBytes(24).toString('base64url')}`;

export function localCaller(): LocalIdentity {
  return { key: localKey(), holder: undefined } as unknown as LocalIdentity;
}

export function studyHolder(actor: string): LocalIdentity {
  const key = localKey();
  const now = Date.now();
  const holder: Session = { key, userId: STUDY_HOLDER_USER_ID, name: actor, role: 'manager', startedAt: now, lastSeenAt: now };
  return { key, holder } as unknown as LocalIdentity;
}
