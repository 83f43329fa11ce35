/**
 * Imported first by main.ts (runtime: webview): starts the ELK worker before mermaid's code is even
 * evaluated, so the worker loads ELK on the other core while this one loads the page.
 */
import { startElkWorker } from './elk-worker';

startElkWorker();
