// Before Notion's version replaces words the user may want back, a copy goes to
// the backup folder under a timestamped folder, mirroring the file's path.
import { backupThenWrite } from '../documents/atomicWrite';
import { BACKUP_DIR } from '../settings';
import type { EngineContext } from './context';

export async function keepBackup(ctx: EngineContext, rel: string, text: string): Promise<void> {
  const stamp = new Date(ctx.now()).toISOString().replace(/[:.]/g, '-');
  // Written as a new file at the backup path: an earlier copy there is itself backed up, never lost.
  await backupThenWrite(ctx.workspace, `${BACKUP_DIR}/${stamp}/${rel}`, text, BACKUP_DIR);
}
