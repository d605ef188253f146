// React's view of drive activity: derived from the operations, recomputed only when the drive's
// state (a new object whenever the log changes) or the scope does.
import { useMemo } from 'react';
import type { NodeId } from '@sheaf/shared/drive/node-id';
import { deriveActivity, type ActivityEntry } from '../sync/activity.js';
import type { DriveState } from '../sync/drive-sync.js';

export function useActivity(state: DriveState, scope: NodeId | undefined): readonly ActivityEntry[] {
  return useMemo(() => {
    if (state.status !== 'ready') return [];
    return deriveActivity(state.log.ops(), state.tree, scope === undefined ? undefined : { node: scope });
  }, [state, scope]);
}
