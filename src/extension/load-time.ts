/**
 * Imported first by extension.ts, so this runs before any other module of the bundle initialises: activation
 * time is measured from here, and includes loading the YAML parser and the schema.
 */
export const loadStartedAt = performance.now();
