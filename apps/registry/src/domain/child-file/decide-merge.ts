import { CommandMetadata } from '../shared/decider';
import { RegistryError } from '../shared/registry-error';
import { AbsorbDuplicate, MergeIntoSurvivor } from './commands';
import { DuplicateFileMerged, FileMergedInto } from './events';
import { requireActive } from './guards';
import { ChildFile } from './state';

/**
 * Two files found to be one child: the duplicate points to the survivor and becomes read-only; the
 * survivor records what it absorbed. Neither history is rewritten — a regulator replays both.
 * The application layer appends the two events in one atomic multi-stream write.
 */

export function decideMergeIntoSurvivor(command: MergeIntoSurvivor, state: ChildFile): FileMergedInto[] {
  const { survivorId, survivorStatus } = command.data;
  if (state.status === 'merged' && state.survivorId === survivorId) return [];
  const duplicate = requireActive(state);
  if (survivorId === duplicate.childId) throw new RegistryError('REGISTRY.MERGE_INVALID', { problem: 'same-file' });
  if (survivorStatus !== 'active') {
    throw new RegistryError('REGISTRY.MERGE_INVALID', { problem: 'survivor-not-active', survivorStatus });
  }
  return [{ type: 'FileMergedInto', data: { survivorId } }];
}

export function decideAbsorbDuplicate(command: AbsorbDuplicate, state: ChildFile): DuplicateFileMerged[] {
  const survivor = requireActive(state);
  const { duplicateId } = command.data;
  if (duplicateId === survivor.childId) throw new RegistryError('REGISTRY.MERGE_INVALID', { problem: 'same-file' });
  if (survivor.mergedDuplicates.includes(duplicateId)) return [];
  return [{ type: 'DuplicateFileMerged', data: { duplicateId } }];
}

export interface MergeDecision {
  duplicate: FileMergedInto[];
  survivor: DuplicateFileMerged[];
}

/** Both sides of a merge, decided over both files' states: what the handler appends to each stream. */
export function decideMerge(
  ids: { duplicateId: string; survivorId: string },
  files: { duplicate: ChildFile; survivor: ChildFile },
  metadata: CommandMetadata,
): MergeDecision {
  if (files.duplicate.status === 'unregistered')
    throw new RegistryError('REGISTRY.NOT_FOUND', { childId: ids.duplicateId });
  const duplicate = decideMergeIntoSurvivor(
    {
      type: 'MergeIntoSurvivor',
      data: { survivorId: ids.survivorId, survivorStatus: files.survivor.status },
      metadata,
    },
    files.duplicate,
  );
  const survivor = decideAbsorbDuplicate(
    { type: 'AbsorbDuplicate', data: { duplicateId: ids.duplicateId }, metadata },
    files.survivor,
  );
  return { duplicate, survivor };
}
