// Handlers of the reliability entries.
import type { HandlerGroup } from './context';

export const reliabilityHandlers: HandlerGroup<never> = {};
