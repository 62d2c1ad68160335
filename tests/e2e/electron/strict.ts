// The stand-in's one rule for what it does not implement: it throws, so a test can never pass
// through a piece of Electron that nobody wrote.
export class NotImplemented extends Error {
  constructor(what: string) {
    super(`The electron stand-in does not implement ${what}; a test cannot pass through it (tests/e2e/electron)`);
    this.name = 'NotImplemented';
  }
}

/** Properties any object answers for the language itself (await, printing, spreading). */
const LANGUAGE = new Set(['then', 'toJSON', 'constructor', 'inspect', 'asymmetricMatch', '$$typeof', 'nodeType', 'toString', 'valueOf']);

/** Wraps `target` so that reading any property it does not have throws NotImplemented. */
export function strict<T extends object>(name: string, target: T): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      if (typeof property === 'symbol' || property in object || LANGUAGE.has(property)) return Reflect.get(object, property, receiver);
      throw new NotImplemented(`${name}.${property}`);
    },
  });
}

/** Refuses option keys outside `known`, so an option main relies on cannot be silently ignored. */
export function onlyKnownKeys(what: string, options: object | undefined, known: readonly string[]): void {
  for (const key of Object.keys(options ?? {})) {
    if (!known.includes(key)) throw new NotImplemented(`${what} option "${key}"`);
  }
}
