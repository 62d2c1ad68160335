// Minimal rows for database-level tests: one coder, one clip, one assignment.
import type { Db } from '../../db/open';
import { insertAssignment } from '../../db/repositories/assignments';
import { insertClip } from '../../db/repositories/clips';
import { insertUser } from '../../db/repositories/users';

export function seedAssignment(db: Db, code = 'ABCD-EFGH'): { coderId: number; clipId: number; assignmentId: number } {
  const at = new Date().toISOString();
  const coderId = insertUser(db, { name: `coder-${code}`, role: 'coder', passwordHash: 'scrypt$1$1$1$x$y', createdAt: at });
  const clipId = insertClip(db, {
    code,
    kind: 'outcome',
    mediaFile: `${code}.mp4`,
    sha256: 'a'.repeat(64),
    durationSeconds: 10,
    frameRate: 25,
    width: 320,
    height: 240,
    createdAt: at,
  });
  const assignmentId = insertAssignment(db, { clipId, coderId, position: 1, purpose: 'primary', createdAt: at });
  return { coderId, clipId, assignmentId };
}
