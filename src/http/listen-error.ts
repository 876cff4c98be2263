/**
 * An address that cannot be listened on for a reason the one who runs Comptoir can fix (its own module,
 * so that the command line's error handling does not load the HTTP server to recognise it).
 */
export class ListenError extends Error {}
