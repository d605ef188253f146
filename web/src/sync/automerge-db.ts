// The name of Automerge's own IndexedDB database, apart from the app's Dexie one so either can be
// reset alone. Its own module so that signing out can delete it without loading Automerge.
export const AUTOMERGE_DB = 'sheaf-automerge';
