// Handlers of the closeout entries.
import type { HandlerGroup } from './context';

export const closeoutHandlers: HandlerGroup<never> = {};
