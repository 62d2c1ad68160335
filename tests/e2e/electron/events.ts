// Electron's event objects: preventDefault, and the details some events carry on the event itself.
export class StandInEvent<D extends object = object> {
  defaultPrevented = false;
  constructor(details?: D) {
    if (details) Object.assign(this, details);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}
