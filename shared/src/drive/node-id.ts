// Ids of the nodes of a drive tree. Folders and files get random ids; a conflicted copy gets an id
// derived from the operation that made it, so every replica names it the same without talking.
import { z } from 'zod';

export const ROOT_ID = 'root';

export const NodeId = z
  .string()
  .regex(/^(root|fo_[0-9a-f]{32}|f_[0-9a-f]{32}|fc_[0-9a-f]{32}_\d{12}_[A-Za-z0-9_-]{1,64})$/, 'node id')
  .brand<'NodeId'>();
export type NodeId = z.infer<typeof NodeId>;

export const ROOT = NodeId.parse(ROOT_ID);
