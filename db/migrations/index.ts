import type { Migration } from '../migrate';
import { initial } from './0001_initial';
import { sealedKey } from './0002_sealed_key';
import { lockAndUnblinding } from './0003_lock_and_unblinding';
import { fidelity } from './0004_fidelity';
import { reliabilityConsensus } from './0005_reliability_consensus';
import { accountsAndBackups } from './0006_accounts_and_backups';
import { protectClipsAndSeals } from './0007_protect_clips_and_seals';
import { idempotency } from './0008_idempotency';
import { sealedEntriesByKind } from './0009_sealed_entries_by_kind';
import { ratingMarkers } from './0010_rating_markers';

/** Every migration, in order. Never edit one that has shipped: add the next number. */
export const MIGRATIONS: readonly Migration[] = [initial, sealedKey, lockAndUnblinding, fidelity, reliabilityConsensus, accountsAndBackups, protectClipsAndSeals, idempotency, sealedEntriesByKind, ratingMarkers];
