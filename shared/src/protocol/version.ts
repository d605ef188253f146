// The wire protocol's version. The client sends it as the `Sheaf-Protocol` header;
// the relay answers an older client with the `protocol_outdated` error kind ("please reload").
//
// History:
//   1: first version (accounts, chunks, drive document over /sync).
export const PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'sheaf-protocol';
