// Handlers of the accounts entries.
import type { HandlerGroup } from './context';

export const accountsHandlers: HandlerGroup<never> = {};
