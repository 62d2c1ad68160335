// Entry point of the main process. Everything it does is in app.ts, where tests can reach it.
import { startApp } from './app';

startApp();
