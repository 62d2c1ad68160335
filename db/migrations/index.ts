import { initial } from './0001_initial';
import { sealedKey } from './0002_sealed_key';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration, in order. Never edit one that has shipped: add the next number. */
export const MIGRATIONS: readonly Migration[] = [initial, sealedKey];
